using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Nst.Functions.Storage;

/// <summary>Stamps <c>x-ms-date</c> on every attempt, so a retried request is signed with a fresh time.</summary>
internal sealed class StorageDatePolicy(TimeProvider timeProvider) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) =>
        message.Request.Headers.SetValue(
            StorageHeaders.Date, timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
}
