using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Nst.Functions.Storage;

/// <summary>Builds the HTTP pipeline every storage client sends through: version, retries, date, then authorization.</summary>
internal static class StoragePipeline
{
    /// <summary>The Entra ID scope for Azure Storage.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    public static HttpPipeline Build(StorageConnection connection, StorageClientOptions options)
    {
        options.RetryPolicy ??= new StorageRetryPolicy(options.Retry, options.TimeProvider);
        var pipelineOptions = new HttpPipelineOptions(options)
        {
            RequestFailedDetailsParser = new StorageErrorParser(),
        };
        pipelineOptions.PerCallPolicies.Add(new StorageVersionPolicy(options.Version));
        pipelineOptions.PerRetryPolicies.Add(new StorageDatePolicy(options.TimeProvider));
        if (AuthorizationPolicy(connection) is { } auth)
        {
            pipelineOptions.PerRetryPolicies.Add(auth);
        }

        return HttpPipelineBuilder.Build(pipelineOptions);
    }

    private static HttpPipelinePolicy? AuthorizationPolicy(StorageConnection connection) => connection switch
    {
        { SharedKey: { } key } => new SharedKeyPolicy(key),
        { Sas: { } sas } => new SasPolicy(sas),
        // Azure.Core's bearer policy refuses plain HTTP, which is what we want for tokens.
        { TokenCredential: { } credential } => new BearerTokenAuthenticationPolicy(credential, StorageScope),
        _ => null,
    };

    /// <summary>Sends <paramref name="message"/> and returns its response; the caller switches on the status.</summary>
    public static async Task<Response> SendRequestAsync(this HttpPipeline pipeline, HttpMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response;
    }
}
