using System.Collections.Concurrent;
using Nst.Functions.Storage;

namespace Nst.Functions.Pipeline;

/// <summary>
/// The pipeline's storage: the blob store and queues, with every container and queue name carrying
/// <see cref="NstSettings.NamePrefix"/>. Everyone resolves names here, so tests (each with its own prefix) and
/// pipelines sharing an account never see each other's blobs or messages.
/// </summary>
public sealed class PipelineResources
{
    private readonly Func<string, IQueue> _queueFactory;
    private readonly ConcurrentDictionary<string, IQueue> _queues = new(StringComparer.Ordinal);

    public PipelineResources(IBlobStore blobs, Func<string, IQueue> queueFactory, string? namePrefix = null)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(queueFactory);
        Prefix = ValidatePrefix(namePrefix ?? string.Empty);
        Blobs = blobs;
        _queueFactory = queueFactory;
    }

    /// <summary>Connects to the account with the storage REST clients.</summary>
    public PipelineResources(StorageConnection connection, string? namePrefix = null, StorageClientOptions? options = null)
        : this(new BlobStore(connection, options), name => new QueueClient(connection, name, options), namePrefix)
    {
    }

    public string Prefix { get; }

    public IBlobStore Blobs { get; }

    /// <summary>The real name of a logical container such as <see cref="PipelineNames.InboxContainer"/>.</summary>
    public string Container(string logicalName) => Prefix + logicalName;

    /// <summary>The logical name of a real container, or null if it is not one of this pipeline's (another prefix).</summary>
    public string? LogicalContainer(string realName) =>
        realName.StartsWith(Prefix, StringComparison.Ordinal) && PipelineNames.Containers.Contains(realName[Prefix.Length..])
            ? realName[Prefix.Length..]
            : null;

    /// <summary>The real name of a logical queue.</summary>
    public string QueueName(string logicalName) => Prefix + logicalName;

    /// <summary>The queue for a logical queue name such as <see cref="PipelineNames.ChunksQueue"/> (or its poison twin).</summary>
    public IQueue Queue(string logicalName) => _queues.GetOrAdd(QueueName(logicalName), _queueFactory);

    /// <summary>Creates every container, queue and poison queue that does not exist yet.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        foreach (string container in PipelineNames.Containers)
        {
            await Blobs.CreateContainerIfNotExistsAsync(Container(container), cancellationToken).ConfigureAwait(false);
        }

        foreach (string queue in PipelineNames.Queues)
        {
            await Queue(queue).CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            await Queue(PipelineNames.PoisonQueue(queue)).CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ValidatePrefix(string prefix)
    {
        if (prefix.Length > 20 || prefix.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))))
        {
            throw new ArgumentException($"Nst:NamePrefix '{prefix}' must be at most 20 lower-case letters and digits.", nameof(prefix));
        }

        return prefix;
    }
}
