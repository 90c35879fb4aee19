using System.Text.Json;
using Nst.Functions.Jobs;

namespace Nst.Functions.Chain;

/// <summary>A <c>nst-chunks</c> message: run chunk <see cref="Chunk"/> (0-based) of job <see cref="JobId"/>.</summary>
public sealed record ChunkMessage(string JobId, int Chunk)
{
    public BinaryData ToBinaryData() => BinaryData.FromObjectAsJson(this, JobJson.Options);

    /// <summary>Parses a message body; null when it is not a chunk message (such a message can never succeed).</summary>
    public static ChunkMessage? TryParse(BinaryData body)
    {
        try
        {
            var message = body.ToObjectFromJson<ChunkMessage>(JobJson.Options);
            return message is { JobId: { Length: > 0 }, Chunk: >= 0 } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
