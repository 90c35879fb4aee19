using System.Text;
using Nst.Functions.Storage;

namespace Nst.Functions.Tests.Storage.Queues;

public sealed class QueueMessageCodecTests
{
    [Theory]
    [InlineData("{\"job\":\"1\"}")]
    [InlineData("plain words")]
    [InlineData("ünïcødé ✓")]
    public void EncodeBase64_ThenDecode_RoundTrips(string text)
    {
        string wire = QueueMessageCodec.Encode(BinaryData.FromString(text), QueueMessageEncoding.Base64);

        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), wire);
        Assert.Equal(text, QueueMessageCodec.Decode(wire).ToString());
    }

    [Theory]
    [InlineData("{\"eventType\":\"Microsoft.Storage.BlobCreated\"}")]
    [InlineData("not base64!")]
    [InlineData("abc")]
    [InlineData("abcd efg")]
    public void Decode_TextThatIsNotBase64_ReturnsItUnchanged(string text)
    {
        Assert.Equal(text, QueueMessageCodec.Decode(text).ToString());
    }

    [Fact]
    public void EncodeNone_XmlSpecialCharacters_AreEscaped()
    {
        Assert.Equal("a&lt;b&amp;c", QueueMessageCodec.Encode(BinaryData.FromString("a<b&c"), QueueMessageEncoding.None));
    }
}
