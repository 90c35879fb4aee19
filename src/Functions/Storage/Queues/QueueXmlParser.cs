using System.Globalization;
using System.Xml.Linq;

namespace Nst.Functions.Storage;

/// <summary>Parses <c>QueueMessagesList</c> responses of Put Message and Get Messages.</summary>
internal static class QueueXmlParser
{
    public static IReadOnlyList<QueueMessage> Messages(BinaryData xml) =>
        Root(xml).Elements("QueueMessage").Select(m => new QueueMessage(
            Value(m, "MessageId"),
            Value(m, "PopReceipt"),
            long.Parse(Value(m, "DequeueCount"), NumberStyles.Integer, CultureInfo.InvariantCulture),
            QueueMessageCodec.Decode(m.Element("MessageText")?.Value ?? string.Empty),
            Date(m, "InsertionTime"),
            Date(m, "ExpirationTime"),
            Date(m, "TimeNextVisible"))).ToList();

    public static SendReceipt Receipt(BinaryData xml)
    {
        XElement m = Root(xml).Element("QueueMessage") ?? throw new FormatException("Put Message response has no QueueMessage.");
        return new SendReceipt(Value(m, "MessageId"), Value(m, "PopReceipt"), Date(m, "InsertionTime"), Date(m, "ExpirationTime"), Date(m, "TimeNextVisible"));
    }

    private static XElement Root(BinaryData xml) => XElement.Parse(xml.ToString());

    private static string Value(XElement message, string name) =>
        message.Element(name)?.Value ?? throw new FormatException($"Queue message XML has no {name}.");

    private static DateTimeOffset? Date(XElement message, string name) =>
        BlobHeaderReader.ParseDate(message.Element(name)?.Value);
}
