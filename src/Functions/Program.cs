using Microsoft.Extensions.Hosting;
using Nst.Functions.Hosting.Azure;
using Nst.Functions.Hosting.Local;

// One app, two hosts: started by the Azure Functions host it is an isolated worker; started with `dotnet` it is the
// local host, running the durable engine itself (DESIGN.md §3).
if (FunctionsHost.IsStartedByFunctionsHost(args))
{
    await FunctionsHost.Build(args).RunAsync();
}
else
{
    await LocalHost.Build(args).RunAsync();
}
