using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Nst.Functions.Storage;

/// <summary>Builds every Queue service request in one place; <see cref="QueueClient"/> sends them.</summary>
internal sealed class QueueRequestFactory(HttpPipeline pipeline, Uri queueUri, QueueMessageEncoding encoding)
{
    public HttpMessage Create() => NewMessage(RequestMethod.Put, path: null);

    public HttpMessage Delete() => NewMessage(RequestMethod.Delete, path: null);

    public HttpMessage GetProperties()
    {
        HttpMessage message = NewMessage(RequestMethod.Get, path: null);
        message.Request.Uri.AppendQuery("comp", "metadata");
        return message;
    }

    public HttpMessage PutMessage(BinaryData body, TimeSpan? visibilityDelay, TimeSpan? timeToLive)
    {
        HttpMessage message = NewMessage(RequestMethod.Post, "/messages");
        if (visibilityDelay is { } delay)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(delay));
        }

        if (timeToLive is { } ttl)
        {
            message.Request.Uri.AppendQuery("messagettl", ttl == Timeout.InfiniteTimeSpan ? "-1" : Seconds(ttl));
        }

        SetBody(message.Request, body);
        return message;
    }

    public HttpMessage GetMessages(int maxMessages, TimeSpan? visibilityTimeout)
    {
        HttpMessage message = NewMessage(RequestMethod.Get, "/messages");
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture));
        if (visibilityTimeout is { } timeout)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(timeout));
        }

        return message;
    }

    public HttpMessage UpdateMessage(string messageId, string popReceipt, TimeSpan visibilityTimeout, BinaryData? body)
    {
        HttpMessage message = NewMessage(RequestMethod.Put, "/messages/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout));
        if (body is not null)
        {
            SetBody(message.Request, body);
        }

        return message;
    }

    public HttpMessage DeleteMessage(string messageId, string popReceipt)
    {
        HttpMessage message = NewMessage(RequestMethod.Delete, "/messages/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);
        return message;
    }

    private HttpMessage NewMessage(RequestMethod method, string? path)
    {
        HttpMessage message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(queueUri);
        if (path is not null)
        {
            message.Request.Uri.AppendPath(path, escape: false);
        }

        return message;
    }

    private void SetBody(Request request, BinaryData body)
    {
        string xml = $"<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessage><MessageText>{QueueMessageCodec.Encode(body, encoding)}</MessageText></QueueMessage>";
        request.Headers.SetValue("Content-Type", "application/xml");
        request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml));
    }

    private static string Seconds(TimeSpan value) =>
        ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
