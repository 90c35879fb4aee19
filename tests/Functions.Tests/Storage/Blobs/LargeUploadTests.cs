using System.Diagnostics;
using System.Security.Cryptography;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nst.Functions.Tests.Storage.Blobs;

/// <summary>A checkpoint-sized upload: 300 MB generated on the fly, sent in 8 MiB blocks with bounded memory.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LargeUploadTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const long Size = 300L * 1000 * 1000;
    private const int BlockSize = 8 * 1024 * 1024;
    private const int MaxConcurrency = 4;

    [Fact]
    public async Task Upload_300MBStream_KeepsWorkingSetGrowthBoundedAndRoundTrips()
    {
        var store = new BlobStore(azurite.Connection, new StorageClientOptions
        {
            Transfer = new StorageTransferOptions { BlockSize = BlockSize, MaxConcurrency = MaxConcurrency },
        });
        string container = AzuriteFixture.UniqueName("big");
        await store.CreateContainerIfNotExistsAsync(container);
        using var source = new PatternStream(Size);

        GC.Collect();
        using var sampler = new WorkingSetSampler();
        BlobWriteResult result = await store.UploadAsync(container, "checkpoint.safetensors", source);
        long growth = sampler.Stop();

        BlobProperties? properties = await store.GetPropertiesAsync(container, "checkpoint.safetensors");
        byte[] downloaded = await HashDownloadAsync(store, container, "checkpoint.safetensors");
        output.WriteLine($"300 MB upload: working set grew by {growth / (1024.0 * 1024):F1} MiB at peak " +
            $"(block {BlockSize / (1024 * 1024)} MiB × concurrency {MaxConcurrency}); {sampler.Samples} samples.");

        Assert.True(result.Succeeded);
        Assert.Equal(Size, properties!.ContentLength);
        Assert.Equal(source.Hash(), downloaded);
        // Buffers: (concurrency + 1) blocks = 40 MiB; the rest is HTTP and GC slack. 300 MB in memory would blow this.
        Assert.InRange(growth, 0, 120L * 1024 * 1024);
    }

    private static async Task<byte[]> HashDownloadAsync(BlobStore store, string container, string name)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using BlobDownload download = await store.DownloadAsync(container, name);
        byte[] buffer = new byte[1 << 20];
        int read;
        while ((read = await download.Content.ReadAsync(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }

        return sha.GetHashAndReset();
    }

    /// <summary>Samples this process's working set every 20 ms and keeps the largest growth over the starting value.</summary>
    private sealed class WorkingSetSampler : IDisposable
    {
        private readonly long _start;
        private readonly Timer _timer;
        private long _peak;

        public WorkingSetSampler()
        {
            _start = CurrentWorkingSet();
            _peak = _start;
            _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
        }

        public int Samples { get; private set; }

        public long Stop()
        {
            _timer.Change(Timeout.Infinite, Timeout.Infinite);
            Sample();
            return Interlocked.Read(ref _peak) - _start;
        }

        public void Dispose() => _timer.Dispose();

        private void Sample()
        {
            long current = CurrentWorkingSet();
            lock (_timer)
            {
                Samples++;
                if (current > _peak)
                {
                    Interlocked.Exchange(ref _peak, current);
                }
            }
        }

        private static long CurrentWorkingSet()
        {
            using var process = Process.GetCurrentProcess();
            return process.WorkingSet64;
        }
    }

    /// <summary>A non-seekable stream of <c>length</c> pseudo-random bytes, hashed as it is read; never held in memory.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _position;
        private uint _state = 2463534242;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public byte[] Hash() => _sha.GetHashAndReset();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, length - _position);
            for (int i = 0; i < n; i++)
            {
                // xorshift32: cheap bytes that do not compress or repeat per block.
                _state ^= _state << 13;
                _state ^= _state >> 17;
                _state ^= _state << 5;
                buffer[i] = (byte)_state;
            }

            _sha.AppendData(buffer[..n]);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _sha.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
