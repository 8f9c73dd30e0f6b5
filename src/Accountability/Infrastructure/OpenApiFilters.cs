using Accountability.Plans;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Accountability.Infrastructure;

/// <summary>
/// OpenAPI for the endpoints that read a plan document from the raw body (<see cref="PlanDocumentBodyAttribute"/>):
/// the plan as UTF-8 text/plain, or a .txt, .md or .docx file in the multipart field "file".
/// </summary>
public sealed class PlanDocumentBodyFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<PlanDocumentBodyAttribute>().Any()) return;
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The plan: UTF-8 text (text/plain), or a .txt, .md or .docx file in the form field 'file' (at most 10 MB).",
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["text/plain"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                ["multipart/form-data"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                        },
                    },
                },
            },
        };
    }
}

/// <summary>
/// Wolverine describes an endpoint that returns IResult as "200: IResult" (an empty object). Where the endpoint
/// declares its own success answers (201 Created, 204 No Content…), that guess is dropped so the description
/// says only what the endpoint answers.
/// </summary>
public sealed class DeclaredAnswersFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Responses is not { } responses || !responses.TryGetValue("200", out var ok)) return;
        var guessed = ok.Content?.Values.Any(m => m.Schema is OpenApiSchemaReference { Reference.Id: "IResult" }) == true;
        if (guessed && responses.Keys.Any(code => code != "200" && code.StartsWith('2'))) responses.Remove("200");
    }
}
