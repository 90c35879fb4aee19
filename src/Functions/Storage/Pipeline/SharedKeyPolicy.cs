using Azure.Core;
using Azure.Core.Pipeline;

namespace Nst.Functions.Storage;

/// <summary>Signs each attempt with <c>Authorization: SharedKey account:signature</c>. Runs after the date policy.</summary>
internal sealed class SharedKeyPolicy(StorageSharedKeyCredential credential) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        string signature = credential.ComputeHmacSha256(SharedKeyStringToSign.Build(message.Request, credential.AccountName));
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, $"SharedKey {credential.AccountName}:{signature}");
    }
}
