using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Nst.Functions.Storage;

/// <summary>Blob service client over the Storage REST API, sent through an Azure.Core <see cref="HttpPipeline"/>.</summary>
public sealed class BlobStore : IBlobStore
{
    private readonly HttpPipeline _pipeline;
    private readonly BlobRequestFactory _requests;
    private readonly BlockBlobUploader _uploader;
    private readonly StorageTransferOptions _transfer;

    public BlobStore(StorageConnection connection, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new StorageClientOptions();
        Endpoint = connection.BlobEndpoint;
        _pipeline = StoragePipeline.Build(connection, options);
        _requests = new BlobRequestFactory(_pipeline, Endpoint);
        _uploader = new BlockBlobUploader(_pipeline, _requests);
        _transfer = options.Transfer;
    }

    public Uri Endpoint { get; }

    public async Task<bool> CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.CreateContainer(container);
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            201 => true,
            409 when BlobHeaderReader.ErrorCode(response) == "ContainerAlreadyExists" => false,
            _ => throw new RequestFailedException(response),
        };
    }

    public async Task<bool> DeleteContainerIfExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.DeleteContainer(container);
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            202 => true,
            404 => false,
            _ => throw new RequestFailedException(response),
        };
    }

    public Task<BlobWriteResult> UploadAsync(string container, string name, Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= new BlobUploadOptions();
        return _uploader.UploadAsync(container, name, content, options, options.Transfer ?? _transfer, cancellationToken);
    }

    public async Task<BlobWriteResult> UploadAsync(string container, string name, BinaryData content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= new BlobUploadOptions();
        if (content.ToMemory().Length > (options.Transfer ?? _transfer).BlockSize)
        {
            return await UploadAsync(container, name, content.ToStream(), options, cancellationToken).ConfigureAwait(false);
        }

        using HttpMessage message = _requests.PutBlob(container, name, content.ToMemory(), options);
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        return WriteResult(response, options.Conditions);
    }

    public async Task<BlobDownload> DownloadAsync(string container, string name, HttpRange range = default, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.GetBlob(container, name, range, conditions, stream: true);
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status is not (200 or 206))
        {
            await BufferErrorAsync(response, cancellationToken).ConfigureAwait(false);
            throw new RequestFailedException(response);
        }

        BlobProperties properties = BlobHeaderReader.Properties(response);
        return new BlobDownload(message.ExtractResponseContent() ?? Stream.Null, properties);
    }

    public async Task<BlobContent> DownloadContentAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.GetBlob(container, name, default, conditions: null, stream: false);
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status == 200
            ? new BlobContent(response.Content, BlobHeaderReader.Properties(response))
            : throw new RequestFailedException(response);
    }

    public async Task<BlobProperties?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.GetProperties(container, name, conditions: null);
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            200 => BlobHeaderReader.Properties(response),
            404 => null,
            _ => throw new RequestFailedException(response),
        };
    }

    public async Task<BlobWriteResult> SetMetadataAsync(string container, string name, IReadOnlyDictionary<string, string> metadata, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        using HttpMessage message = _requests.SetMetadata(container, name, metadata, conditions);
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        return WriteResult(response, conditions);
    }

    public async Task<BlobPage> ListBlobsPageAsync(string container, string? prefix = null, string? continuationToken = null, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.ListBlobs(container, prefix, continuationToken, pageSize);
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status == 200 ? BlobListParser.Parse(response.Content) : throw new RequestFailedException(response);
    }

    public async IAsyncEnumerable<BlobItem> ListBlobsAsync(string container, string? prefix = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? continuation = null;
        do
        {
            BlobPage page = await ListBlobsPageAsync(container, prefix, continuation, pageSize: null, cancellationToken).ConfigureAwait(false);
            foreach (BlobItem item in page.Items)
            {
                yield return item;
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    public async Task<bool> DeleteIfExistsAsync(string container, string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.DeleteBlob(container, name, conditions);
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            202 => true,
            404 => false,
            _ => throw new RequestFailedException(response),
        };
    }

    public async Task<BlobLease> AcquireLeaseAsync(string container, string name, TimeSpan? duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default)
    {
        int seconds = duration is { } d ? (int)d.TotalSeconds : -1;
        using HttpMessage message = _requests.Lease(container, name, "acquire", headers =>
        {
            headers.SetValue(StorageHeaders.LeaseDuration, seconds.ToString(CultureInfo.InvariantCulture));
            if (proposedLeaseId is not null)
            {
                headers.SetValue(StorageHeaders.ProposedLeaseId, proposedLeaseId);
            }
        });
        return await LeaseAsync(message, 201, cancellationToken).ConfigureAwait(false);
    }

    public async Task<BlobLease> RenewLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.Lease(container, name, "renew", headers => headers.SetValue(StorageHeaders.LeaseId, leaseId));
        return await LeaseAsync(message, 200, cancellationToken).ConfigureAwait(false);
    }

    public async Task ReleaseLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.Lease(container, name, "release", headers => headers.SetValue(StorageHeaders.LeaseId, leaseId));
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw new RequestFailedException(response);
        }
    }

    public async Task<TimeSpan> BreakLeaseAsync(string container, string name, TimeSpan? breakPeriod = null, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = _requests.Lease(container, name, "break", headers =>
        {
            if (breakPeriod is { } period)
            {
                headers.SetValue(StorageHeaders.LeaseBreakPeriod, ((int)period.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            }
        });
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 202)
        {
            throw new RequestFailedException(response);
        }

        return response.Headers.TryGetValue(StorageHeaders.LeaseTime, out string? time)
            && int.TryParse(time, NumberStyles.Integer, CultureInfo.InvariantCulture, out int secondsLeft)
            ? TimeSpan.FromSeconds(secondsLeft)
            : TimeSpan.Zero;
    }

    /// <summary>201/200 → written; 412, or 409 BlobAlreadyExists under If-None-Match → precondition failed; else throw.</summary>
    internal static BlobWriteResult WriteResult(Response response, BlobConditions? conditions)
    {
        bool conditional = conditions?.HasETagCondition == true;
        string? code = BlobHeaderReader.ErrorCode(response);
        return response.Status switch
        {
            200 or 201 => BlobWriteResult.Written(response),
            412 when conditional && code is "ConditionNotMet" or "TargetConditionNotMet" => BlobWriteResult.Failed(response),
            409 when conditions?.IfNoneMatch is not null && code == "BlobAlreadyExists" => BlobWriteResult.Failed(response),
            _ => throw new RequestFailedException(response),
        };
    }

    private async Task<BlobLease> LeaseAsync(HttpMessage message, int expectedStatus, CancellationToken cancellationToken)
    {
        Response response = await _pipeline.SendRequestAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != expectedStatus || !response.Headers.TryGetValue(StorageHeaders.LeaseId, out string? leaseId))
        {
            throw new RequestFailedException(response);
        }

        return new BlobLease(leaseId, response.Headers.ETag ?? default);
    }

    // An unbuffered error response must be read before the exception can quote the service's error details.
    private static async Task BufferErrorAsync(Response response, CancellationToken cancellationToken)
    {
        if (response.ContentStream is { CanSeek: false } stream)
        {
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            response.ContentStream = buffer;
        }
    }
}
