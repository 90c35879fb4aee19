using System.Text;
using Nst.Functions.Hosting;

namespace Nst.Functions.Tests.Hosting;

public sealed class CustomHandlerRequestTests
{
    private static CustomHandlerRequest Parse(string json) => CustomHandlerRequest.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_StringMessageAndMetadata_ReadsBodyIdCountAndPopReceipt()
    {
        var request = Parse("""
            {"Data": {"message": "{\"jobId\":\"01j\",\"chunk\":3}"},
             "Metadata": {"DequeueCount": 2, "Id": "\"6f2a\"", "PopReceipt": "AgAAAA==", "InsertionTime": "2025-01-02T03:04:05+00:00", "sys": {"MethodName": "ProcessChunk"}}}
            """);
        Assert.Equal("{\"jobId\":\"01j\",\"chunk\":3}", request.Message.Body.ToString());
        Assert.Equal("6f2a", request.Message.Id);
        Assert.Equal(2, request.Message.DequeueCount);
        Assert.Equal("AgAAAA==", request.PopReceipt);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), request.Message.InsertedOn);
    }

    [Fact]
    public void Parse_ObjectMessageStringCount_BodyIsTheJson()
    {
        var request = Parse("""{"Data": {"queueItem": {"jobId": "01j", "chunk": 0}}, "Metadata": {"DequeueCount": "4", "Id": "x"}}""");
        Assert.Equal("01j", System.Text.Json.JsonDocument.Parse(request.Message.Body.ToString()).RootElement.GetProperty("jobId").GetString());
        Assert.Equal(4, request.Message.DequeueCount);
        Assert.Null(request.PopReceipt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("nonsense")]
    [InlineData("[]")]
    [InlineData("{\"Metadata\":{}}")]
    [InlineData("{\"Data\":{}}")]
    [InlineData("{\"Data\":{\"a\":\"1\",\"b\":\"2\"}}")]
    public void Parse_Malformed_FormatException(string json) =>
        Assert.Throws<FormatException>(() => Parse(json));
}
