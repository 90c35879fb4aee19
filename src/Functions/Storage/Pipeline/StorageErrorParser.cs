using System.Xml.Linq;
using Azure;
using Azure.Core;

namespace Nst.Functions.Storage;

/// <summary>
/// Reads the service's error code (the <c>x-ms-error-code</c> header, else the XML <c>&lt;Code&gt;</c>) and message
/// (<c>&lt;Message&gt;</c>) so <see cref="RequestFailedException.ErrorCode"/> is set, also for HEAD requests without a body.
/// </summary>
internal sealed class StorageErrorParser : RequestFailedDetailsParser
{
    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        data = null;
        response.Headers.TryGetValue(StorageHeaders.ErrorCode, out string? code);
        string? message = null;
        if (response.Content is { } content && content.ToMemory().Length > 0)
        {
            try
            {
                XElement root = XElement.Parse(content.ToString());
                code ??= root.Element("Code")?.Value;
                message = root.Element("Message")?.Value.Split('\n')[0].Trim();
            }
            catch (System.Xml.XmlException)
            {
                message = null; // not XML (e.g. a proxy's page): the status line and the code still say enough
            }
        }

        error = code is null && message is null ? null : new ResponseError(code, message);
        return error is not null;
    }
}
