using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Nst.Functions.Storage;

/// <summary>Queue service client for one queue over the Storage REST API, sent through an Azure.Core <see cref="HttpPipeline"/>.</summary>
public sealed class QueueClient : IQueue
{
    private readonly HttpPipeline _pipeline;
    private readonly QueueRequestFactory _requests;

    public QueueClient(StorageConnection connection, string queueName, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(queueName);
        options ??= new StorageClientOptions();
        Name = queueName;
        Uri = new Uri(connection.QueueEndpoint.AbsoluteUri.TrimEnd('/') + "/" + Uri.EscapeDataString(queueName));
        _pipeline = StoragePipeline.Build(connection, options);
        _requests = new QueueRequestFactory(_pipeline, Uri, options.MessageEncoding);
    }

    public string Name { get; }

    public Uri Uri { get; }

    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.Create();
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            201 => true,
            204 => false,
            _ => throw new RequestFailedException(response),
        };
    }

    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.Delete();
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw new RequestFailedException(response),
        };
    }

    public async Task<SendReceipt> SendMessageAsync(BinaryData body, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        using HttpMessage message = _requests.PutMessage(body, visibilityDelay, timeToLive);
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status == 201 ? QueueXmlParser.Receipt(response.Content) : throw new RequestFailedException(response);
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(int maxMessages = 1, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        using HttpMessage message = _requests.GetMessages(maxMessages, visibilityTimeout);
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status == 200 ? QueueXmlParser.Messages(response.Content) : throw new RequestFailedException(response);
    }

    public async Task<UpdateReceipt> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, BinaryData? body = null, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.UpdateMessage(messageId, popReceipt, visibilityTimeout, body);
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 204 || !response.Headers.TryGetValue(StorageHeaders.PopReceipt, out string? newReceipt))
        {
            throw new RequestFailedException(response);
        }

        response.Headers.TryGetValue(StorageHeaders.TimeNextVisible, out string? nextVisible);
        return new UpdateReceipt(newReceipt, BlobHeaderReader.ParseDate(nextVisible));
    }

    public async Task DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.DeleteMessage(messageId, popReceipt);
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 204)
        {
            throw new RequestFailedException(response);
        }
    }

    public async Task<int> GetApproximateMessageCountAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.GetProperties();
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status == 200
            && response.Headers.TryGetValue(StorageHeaders.ApproximateMessagesCount, out string? count)
            && int.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new RequestFailedException(response);
    }
}
