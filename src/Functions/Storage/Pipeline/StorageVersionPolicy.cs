using Azure.Core;
using Azure.Core.Pipeline;

namespace Nst.Functions.Storage;

/// <summary>Pins <c>x-ms-version</c> on every request.</summary>
internal sealed class StorageVersionPolicy(string version) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) =>
        message.Request.Headers.SetValue(StorageHeaders.Version, version);
}
