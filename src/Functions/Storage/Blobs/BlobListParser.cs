using System.Globalization;
using System.Xml.Linq;
using Azure;

namespace Nst.Functions.Storage;

/// <summary>Parses the List Blobs response (<c>EnumerationResults</c>).</summary>
internal static class BlobListParser
{
    public static BlobPage Parse(BinaryData xml)
    {
        XElement root = XElement.Parse(xml.ToString());
        var items = root.Element("Blobs")?.Elements("Blob").Select(ParseBlob).ToList() ?? [];
        string? next = root.Element("NextMarker")?.Value;
        return new BlobPage(items, string.IsNullOrEmpty(next) ? null : next);
    }

    private static BlobItem ParseBlob(XElement blob)
    {
        XElement? properties = blob.Element("Properties");
        string? Property(string name) => properties?.Element(name)?.Value;
        long length = long.TryParse(Property("Content-Length"), NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) ? l : 0;
        string? etag = Property("Etag");
        var metadata = blob.Element("Metadata")?.Elements().ToDictionary(e => e.Name.LocalName, e => e.Value, StringComparer.OrdinalIgnoreCase)
            ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        return new BlobItem(
            blob.Element("Name")?.Value ?? string.Empty,
            length,
            Property("Content-Type") is { Length: > 0 } type ? type : null,
            etag is null ? default : new ETag(etag),
            BlobHeaderReader.ParseDate(Property("Last-Modified")),
            metadata);
    }
}
