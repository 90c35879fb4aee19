using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Nst.Functions.Storage;

/// <summary>Appends a shared access signature's query parameters to every request.</summary>
internal sealed class SasPolicy(AzureSasCredential sas) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        string query = message.Request.Uri.Query;
        foreach (string pair in sas.Signature.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = pair.Split('=', 2)[0];
            bool present = query.Contains($"?{name}=", StringComparison.Ordinal) || query.Contains($"&{name}=", StringComparison.Ordinal);
            if (!present)
            {
                string[] kv = pair.Split('=', 2);
                message.Request.Uri.AppendQuery(kv[0], kv.Length > 1 ? kv[1] : string.Empty, escapeValue: false);
            }
        }
    }
}
