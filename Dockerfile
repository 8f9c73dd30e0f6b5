# The service as a container image (docs/operations.md): built with the .NET SDK, run on the ASP.NET runtime
# as a non-root user. Settings come from the environment (ConnectionStrings__Marten, Auth__Authority, …); the audit
# signing key is a mounted secret (Audit__SigningKeyFile).
#   docker build -t accountability .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so a source change does not download packages again.
COPY Directory.Build.props ./
COPY src/Accountability.Plans/Accountability.Plans.csproj src/Accountability.Plans/
COPY src/Accountability/Accountability.csproj src/Accountability/
RUN dotnet restore src/Accountability/Accountability.csproj
COPY src/ src/
RUN dotnet publish src/Accountability/Accountability.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
# The image's own unprivileged user (uid 1654, "app"): the process never runs as root.
USER $APP_UID
EXPOSE 8080
# Liveness only: readiness (database, schema, durability agent) is for the load balancer, at /health/ready.
# The runtime image has no curl; the program asks the URL itself.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["dotnet", "/app/Accountability.dll", "probe", "http://127.0.0.1:8080/health/live"]
ENTRYPOINT ["dotnet", "/app/Accountability.dll"]
CMD ["run"]
