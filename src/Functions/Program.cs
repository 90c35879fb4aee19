using Microsoft.Extensions.Hosting;
using Nst.Functions.Chunks;
using Nst.Functions.Hosting.Azure;
using Nst.Functions.Hosting.Local;
using Nst.Functions.Pipeline;

// One app, two hosts: started by the Azure Functions host it is an isolated worker; started with `dotnet` it is the
// local host, running the durable engine itself (DESIGN.md §3).
try
{
    if (FunctionsHost.IsStartedByFunctionsHost(args))
    {
        await FunctionsHost.Build(args).RunAsync();
    }
    else
    {
        WebApplication app = LocalHost.Build(args);
        // Chosen now, so `Nst__Device=cuda` without a CUDA device stops the start with one line, not the first job.
        app.Services.GetRequiredService<ComputeDevice>();
        await app.RunAsync();
    }

    return 0;
}
catch (Exception e) when (e is SettingsException or FormatException)
{
    await Console.Error.WriteLineAsync($"nst-functions: error: {e.Message}");
    return 1;
}
