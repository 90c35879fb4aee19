using System.Security;
using System.Text;

namespace Nst.Functions.Storage;

/// <summary>
/// Message text on the wire. Writes base64 (the SDK and Functions default) or plain text; reads either: text that is
/// valid base64 is decoded, anything else (Event Grid's plain JSON, say) is taken as UTF-8 as it stands.
/// </summary>
internal static class QueueMessageCodec
{
    public static string Encode(BinaryData body, QueueMessageEncoding encoding) => encoding switch
    {
        QueueMessageEncoding.Base64 => Convert.ToBase64String(body.ToMemory().Span),
        _ => SecurityElement.Escape(body.ToString()),
    };

    public static BinaryData Decode(string text)
    {
        if (text.Length > 0 && text.Length % 4 == 0 && !text.Any(char.IsWhiteSpace))
        {
            byte[] bytes = new byte[text.Length / 4 * 3];
            if (Convert.TryFromBase64String(text, bytes, out int written))
            {
                return new BinaryData(bytes.AsMemory(0, written));
            }
        }

        return new BinaryData(Encoding.UTF8.GetBytes(text));
    }
}
