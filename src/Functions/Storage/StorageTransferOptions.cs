namespace Nst.Functions.Storage;

/// <summary>
/// How uploads are cut. A stream that fits in one block is sent with a single Put Blob; a longer one is staged as
/// blocks and committed, holding at most <see cref="MaxConcurrency"/> + 1 blocks in memory at once.
/// </summary>
public sealed record StorageTransferOptions
{
    private const int MaxBlockSize = 256 * 1024 * 1024;
    private readonly int _blockSize = 8 * 1024 * 1024;
    private readonly int _maxConcurrency = 4;

    /// <summary>Bytes per block, and the largest content sent in one request. Default 8 MiB; 1 byte to 256 MiB.</summary>
    public int BlockSize
    {
        get => _blockSize;
        init => _blockSize = value is > 0 and <= MaxBlockSize
            ? value
            : throw new ArgumentOutOfRangeException(nameof(BlockSize), value, "BlockSize must be between 1 byte and 256 MiB.");
    }

    /// <summary>Blocks uploaded at the same time. Default 4; at least 1.</summary>
    public int MaxConcurrency
    {
        get => _maxConcurrency;
        init => _maxConcurrency = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), value, "MaxConcurrency must be at least 1.");
    }
}
