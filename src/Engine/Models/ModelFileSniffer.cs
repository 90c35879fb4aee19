namespace Nst.Engine.Models;

/// <summary>Recognises a weights file by its first bytes, never by its name; leaves the stream where it was.</summary>
internal static class ModelFileSniffer
{
    public static ModelFileKind Sniff(Stream stream)
    {
        long start = stream.Position;
        Span<byte> head = stackalloc byte[10];
        int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = start;
        head = head[..n];
        if (n >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
        {
            return ModelFileKind.TorchZip;
        }

        // Legacy torch.save: PROTO 2, then LONG1 of the 10-byte magic number 0x1950a86a20f9469cfc6c.
        if (n >= 4 && head[0] == 0x80 && head[1] == 0x02 && head[2] == 0x8a && head[3] == 0x0a)
        {
            return ModelFileKind.TorchLegacy;
        }

        // safetensors: u64 header length, then the JSON header's opening brace.
        if (n >= 9 && head[8] == (byte)'{')
        {
            return ModelFileKind.Safetensors;
        }

        return ModelFileKind.Unknown;
    }
}
