using System.Buffers.Binary;
using System.Text;
using Nst.Engine.Models.Safetensors;
using Xunit;

namespace Nst.Engine.Tests.Models;

public class SafetensorsTests
{
    [Fact]
    public void WriteThenRead_Float32_IsBitExactIncludingSpecialValues()
    {
        var random = new Random(7);
        float[] values = [.. Enumerable.Range(0, 1000).Select(_ => (float)(random.NextDouble() * 2 - 1)),
            float.NaN, -0f, float.Epsilon, float.MaxValue, float.NegativeInfinity, 1e-40f];
        var writer = new SafetensorsWriter();
        writer.Add("x", values, [2, values.Length / 2]);

        using var reader = SafetensorsReader.Open(ToStream(writer));

        Assert.Equal(ModelFixtures.Bits(values), ModelFixtures.Bits(reader.ReadSingles("x")));
        Assert.Equal([2L, values.Length / 2], reader.GetEntry("x").Shape);
    }

    [Fact]
    public void WriteThenRead_F16_IsRoundedToNearestHalf()
    {
        float[] values = [1f / 3, 65504f, 1e-8f, -2.5f, 0.1f];
        var writer = new SafetensorsWriter();
        writer.Add("h", values, [5], SafetensorsDType.F16);

        using var reader = SafetensorsReader.Open(ToStream(writer));

        Assert.Equal(SafetensorsDType.F16, reader.GetEntry("h").DType);
        Assert.Equal(values.Select(v => (float)(Half)v), reader.ReadSingles("h"));
    }

    [Fact]
    public void WriteThenRead_BF16_KeepsTheTopSixteenBits()
    {
        float[] values = [1f, -3.140625f, 256f];
        var writer = new SafetensorsWriter();
        writer.Add("b", values, [3], SafetensorsDType.BF16);

        using var reader = SafetensorsReader.Open(ToStream(writer));

        Assert.Equal(values, reader.ReadSingles("b"));
    }

    [Fact]
    public void WriteThenRead_Float64AndInt64_AreExact()
    {
        double[] doubles = [Math.PI, -1e300, 5e-324];
        long[] longs = [long.MinValue, 0, 42, long.MaxValue];
        var writer = new SafetensorsWriter();
        writer.Add("d", doubles, [3]);
        writer.Add("l", longs, [2, 2]);

        using var reader = SafetensorsReader.Open(ToStream(writer));

        Assert.Equal(doubles, reader.ReadDoubles("d"));
        Assert.Equal((float)Math.PI, reader.ReadSingles("d")[0]);
        Assert.Equal(longs, reader.ReadInt64("l"));
    }

    [Fact]
    public void Write_Header_IsPaddedSortedAndCarriesMetadata()
    {
        var writer = new SafetensorsWriter();
        writer.Metadata["step"] = "12";
        writer.Add("b", new float[3], [3]);
        writer.Add("a", new float[1], [1]);
        writer.Add("c", new double[1], [1]);
        byte[] bytes = ToStream(writer).ToArray();

        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        using var reader = SafetensorsReader.Open(new MemoryStream(bytes));

        Assert.Equal(0, headerLength % 8);
        Assert.StartsWith("{\"__metadata__\":{\"step\":\"12\"}", header);
        Assert.Equal(["c", "a", "b"], reader.Entries.Select(e => e.Name));
        Assert.Equal("12", reader.Metadata["step"]);
    }

    [Fact]
    public void Open_HandWrittenPythonFile_ReadsMetadataAndTensors()
    {
        using var reader = SafetensorsReader.Open(ModelFixtures.Path("narrow_vgg19_hand.safetensors"));

        Assert.Equal("make_model_fixtures.py", reader.Metadata["source"]);
        Assert.Equal(32, reader.Entries.Count);
        Assert.Equal(ModelFixtures.Bits(ModelFixtures.Expected()[1].Bias), ModelFixtures.Bits(reader.ReadSingles("features.2.bias")));
    }

    [Fact]
    public void Open_TruncatedData_ThrowsNamingTheTensor()
    {
        var writer = new SafetensorsWriter();
        writer.Add("weights", new float[100], [100]);
        byte[] bytes = ToStream(writer).ToArray();

        var e = Assert.Throws<NstException>(() => SafetensorsReader.Open(new MemoryStream(bytes[..^4])));

        Assert.Contains("'weights' points past the end", e.Message);
    }

    [Fact]
    public void Open_HeaderLongerThanFile_ThrowsTruncated()
    {
        byte[] bytes = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);

        var e = Assert.Throws<NstException>(() => SafetensorsReader.Open(new MemoryStream(bytes)));

        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Open_HugeHeaderLength_ThrowsWithoutAllocating()
    {
        byte[] bytes = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue / 2);

        var e = Assert.Throws<NstException>(() => SafetensorsReader.Open(new MemoryStream(bytes)));

        Assert.Contains("limit", e.Message);
    }

    [Fact]
    public void Open_SizeDisagreesWithShape_Throws()
    {
        byte[] bytes = Build("{\"t\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);

        var e = Assert.Throws<NstException>(() => SafetensorsReader.Open(new MemoryStream(bytes)));

        Assert.Contains("need 12 bytes", e.Message);
    }

    [Fact]
    public void Open_InvalidJson_Throws()
    {
        var e = Assert.Throws<NstException>(() => SafetensorsReader.Open(new MemoryStream(Build("{\"t\":", 0))));

        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void ReadInt64_OnFloatTensor_ThrowsNamingTheDType()
    {
        var writer = new SafetensorsWriter();
        writer.Add("f", new float[2], [2]);
        using var reader = SafetensorsReader.Open(ToStream(writer));

        var e = Assert.Throws<NstException>(() => reader.ReadInt64("f"));

        Assert.Contains("is F32", e.Message);
    }

    [Fact]
    public void Save_ThenOpenPath_RoundTripsAndReplacesAtomically()
    {
        string path = Path.Combine(Path.GetTempPath(), "nst-st-" + Guid.NewGuid().ToString("N") + ".safetensors");
        for (int round = 1; round <= 2; round++)
        {
            var writer = new SafetensorsWriter();
            writer.Add("v", new[] { (float)round }, [1]);
            writer.Save(path);
        }

        using var reader = SafetensorsReader.Open(path);

        Assert.Equal([2f], reader.ReadSingles("v"));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"));
    }

    private static MemoryStream ToStream(SafetensorsWriter writer)
    {
        var stream = new MemoryStream();
        writer.WriteTo(stream);
        stream.Position = 0;
        return stream;
    }

    private static byte[] Build(string header, int dataBytes)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        byte[] bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }
}
