using Nst.Functions.Hosting;

// The same app serves the Azure Functions host (custom handler) and runs locally with its own triggers: see NstApp.
await NstApp.Build(args).RunAsync();
