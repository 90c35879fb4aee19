using System.Globalization;
using System.Security;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Nst.Functions.Storage;

/// <summary>Builds every Blob service request in one place; <see cref="BlobStore"/> sends them and reads the results.</summary>
internal sealed class BlobRequestFactory(HttpPipeline pipeline, Uri endpoint)
{
    public HttpMessage CreateContainer(string container) => Container(RequestMethod.Put, container);

    public HttpMessage DeleteContainer(string container) => Container(RequestMethod.Delete, container);

    public HttpMessage ListBlobs(string container, string? prefix, string? marker, int? pageSize)
    {
        HttpMessage message = Container(RequestMethod.Get, container);
        RequestUriBuilder uri = message.Request.Uri;
        uri.AppendQuery("comp", "list");
        uri.AppendQuery("include", "metadata");
        if (!string.IsNullOrEmpty(prefix))
        {
            uri.AppendQuery("prefix", prefix);
        }

        if (!string.IsNullOrEmpty(marker))
        {
            uri.AppendQuery("marker", marker);
        }

        if (pageSize is { } size)
        {
            uri.AppendQuery("maxresults", size.ToString(CultureInfo.InvariantCulture));
        }

        return message;
    }

    public HttpMessage PutBlob(string container, string name, ReadOnlyMemory<byte> content, BlobUploadOptions options)
    {
        HttpMessage message = Blob(RequestMethod.Put, container, name, options.Conditions);
        message.Request.Headers.SetValue(StorageHeaders.BlobType, "BlockBlob");
        AddContentSettings(message.Request, options);
        message.Request.Content = RequestContent.Create(content);
        return message;
    }

    public HttpMessage PutBlock(string container, string name, string blockId, ReadOnlyMemory<byte> content, string? leaseId)
    {
        HttpMessage message = Blob(RequestMethod.Put, container, name, new BlobConditions { LeaseId = leaseId });
        message.Request.Uri.AppendQuery("comp", "block");
        message.Request.Uri.AppendQuery("blockid", blockId);
        message.Request.Content = RequestContent.Create(content);
        return message;
    }

    public HttpMessage PutBlockList(string container, string name, IEnumerable<string> blockIds, BlobUploadOptions options)
    {
        HttpMessage message = Blob(RequestMethod.Put, container, name, options.Conditions);
        message.Request.Uri.AppendQuery("comp", "blocklist");
        AddContentSettings(message.Request, options);
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (string id in blockIds)
        {
            xml.Append("<Latest>").Append(SecurityElement.Escape(id)).Append("</Latest>");
        }

        xml.Append("</BlockList>");
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml.ToString()));
        return message;
    }

    public HttpMessage GetBlob(string container, string name, HttpRange range, BlobConditions? conditions, bool stream)
    {
        HttpMessage message = Blob(RequestMethod.Get, container, name, conditions);
        if (range != default)
        {
            message.Request.Headers.SetValue(StorageHeaders.Range, range.ToString());
        }

        message.BufferResponse = !stream;
        return message;
    }

    public HttpMessage GetProperties(string container, string name, BlobConditions? conditions) =>
        Blob(RequestMethod.Head, container, name, conditions);

    public HttpMessage SetMetadata(string container, string name, IReadOnlyDictionary<string, string> metadata, BlobConditions? conditions)
    {
        HttpMessage message = Blob(RequestMethod.Put, container, name, conditions);
        message.Request.Uri.AppendQuery("comp", "metadata");
        AddMetadata(message.Request, metadata);
        return message;
    }

    public HttpMessage DeleteBlob(string container, string name, BlobConditions? conditions) =>
        Blob(RequestMethod.Delete, container, name, conditions);

    public HttpMessage Lease(string container, string name, string action, Action<RequestHeaders> headers)
    {
        HttpMessage message = Blob(RequestMethod.Put, container, name, conditions: null);
        message.Request.Uri.AppendQuery("comp", "lease");
        message.Request.Headers.SetValue(StorageHeaders.LeaseAction, action);
        headers(message.Request.Headers);
        return message;
    }

    private HttpMessage Container(RequestMethod method, string container)
    {
        HttpMessage message = NewMessage(method);
        message.Request.Uri.AppendPath("/" + Uri.EscapeDataString(container), escape: false);
        message.Request.Uri.AppendQuery("restype", "container");
        return message;
    }

    private HttpMessage Blob(RequestMethod method, string container, string name, BlobConditions? conditions)
    {
        HttpMessage message = NewMessage(method);
        message.Request.Uri.AppendPath("/" + Uri.EscapeDataString(container) + "/" + EscapeBlobName(name), escape: false);
        if (conditions is not null)
        {
            AddConditions(message.Request, conditions);
        }

        return message;
    }

    private HttpMessage NewMessage(RequestMethod method)
    {
        HttpMessage message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(endpoint);
        return message;
    }

    // Each path segment is escaped on its own so "a/b.jpg" keeps its virtual folder.
    private static string EscapeBlobName(string name) =>
        string.Join('/', name.Split('/').Select(Uri.EscapeDataString));

    private static void AddConditions(Request request, BlobConditions conditions)
    {
        if (conditions.IfMatch is { } ifMatch)
        {
            request.Headers.SetValue("If-Match", ifMatch.ToString("H"));
        }

        if (conditions.IfNoneMatch is { } ifNoneMatch)
        {
            request.Headers.SetValue("If-None-Match", ifNoneMatch == ETag.All ? "*" : ifNoneMatch.ToString("H"));
        }

        if (conditions.LeaseId is { } leaseId)
        {
            request.Headers.SetValue(StorageHeaders.LeaseId, leaseId);
        }
    }

    private static void AddContentSettings(Request request, BlobUploadOptions options)
    {
        request.Headers.SetValue(StorageHeaders.BlobContentType, options.ContentType ?? "application/octet-stream");
        if (options.Metadata is { } metadata)
        {
            AddMetadata(request, metadata);
        }
    }

    private static void AddMetadata(Request request, IReadOnlyDictionary<string, string> metadata)
    {
        foreach (var (key, value) in metadata)
        {
            request.Headers.SetValue(StorageHeaders.MetadataPrefix + key, value);
        }
    }
}
