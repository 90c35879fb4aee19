using Azure.Core;
using Azure.Core.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Tests.Storage.Pipeline;

/// <summary>
/// Known vectors: the expected strings are laid out by hand from the REST docs' "Authorize with Shared Key" rules,
/// and the expected signatures were computed from those strings by an independent HMAC (Python):
/// <c>base64(hmac.new(b64decode(devKey), s.encode(), sha256).digest())</c>.
/// </summary>
public sealed class SharedKeyStringToSignTests
{
    private const string Date = "Sat, 01 Feb 2025 12:00:00 GMT";

    [Fact]
    public void Build_PathStyleListWithQuery_SignsAccountTwiceAndSortsDecodedParameters()
    {
        Request request = NewRequest(RequestMethod.Get,
            "http://127.0.0.1:10000/devstoreaccount1/inbox?restype=container&comp=list&prefix=cats%2F&include=metadata");
        request.Headers.SetValue("x-ms-version", "2024-05-04");
        request.Headers.SetValue("x-ms-date", Date);

        string expected =
            "GET\n" + "\n\n\n\n\n\n\n\n\n\n\n" +
            "x-ms-date:" + Date + "\n" +
            "x-ms-version:2024-05-04\n" +
            "/devstoreaccount1/devstoreaccount1/inbox\ncomp:list\ninclude:metadata\nprefix:cats/\nrestype:container";

        Assert.Equal(expected, SharedKeyStringToSign.Build(request, "devstoreaccount1"));
        Assert.Equal("SharedKey devstoreaccount1:esqtF09lUSPYdKsI0HOZLZc6Aqk87aUDbLzpZGjOwvk=", Sign(request));
    }

    [Fact]
    public void Build_PutWithContentAndConditions_FillsStandardHeadersAndCanonicalizesXmsHeaders()
    {
        Request request = NewRequest(RequestMethod.Put, "https://devstoreaccount1.blob.core.windows.net/jobs/a%20b/job.json");
        request.Headers.SetValue("x-ms-version", "2024-05-04");
        request.Headers.SetValue("x-ms-date", Date);
        request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        request.Headers.SetValue("x-ms-meta-Style", "  starry night ");
        request.Headers.SetValue("Content-Type", "text/plain");
        request.Headers.SetValue("If-Match", "\"0x8D1\"");
        request.Content = RequestContent.Create("hello world"u8.ToArray());

        string expected =
            "PUT\n\n\n11\n\ntext/plain\n\n\n\"0x8D1\"\n\n\n\n" +
            "x-ms-blob-type:BlockBlob\n" +
            "x-ms-date:" + Date + "\n" +
            "x-ms-meta-style:starry night\n" +
            "x-ms-version:2024-05-04\n" +
            "/devstoreaccount1/jobs/a%20b/job.json";

        Assert.Equal(expected, SharedKeyStringToSign.Build(request, "devstoreaccount1"));
        Assert.Equal("SharedKey devstoreaccount1:3HuTem9AcGP8isrh53YMa6bv4fPm43wSbOIY4WqvNBQ=", Sign(request));
    }

    [Fact]
    public void Build_EmptyContent_LeavesContentLengthEmpty()
    {
        Request request = NewRequest(RequestMethod.Put, "http://127.0.0.1:10000/devstoreaccount1/jobs?restype=container");
        request.Content = RequestContent.Create(Array.Empty<byte>());

        string[] lines = SharedKeyStringToSign.Build(request, "devstoreaccount1").Split('\n');

        Assert.Equal("PUT", lines[0]);
        Assert.Equal(string.Empty, lines[3]);
    }

    [Fact]
    public void Build_RepeatedQueryParameter_JoinsSortedValuesWithComma()
    {
        Request request = NewRequest(RequestMethod.Get, "http://127.0.0.1:10000/devstoreaccount1/c?include=snapshots&include=metadata");

        Assert.EndsWith("/devstoreaccount1/devstoreaccount1/c\ninclude:metadata,snapshots", SharedKeyStringToSign.Build(request, "devstoreaccount1"));
    }

    private static Request NewRequest(RequestMethod method, string uri)
    {
        Request request = HttpPipelineBuilder.Build(new StorageClientOptions()).CreateRequest();
        request.Method = method;
        request.Uri.Reset(new Uri(uri));
        return request;
    }

    private static string Sign(Request request)
    {
        var credential = new StorageSharedKeyCredential(StorageConnection.DevelopmentAccountName, StorageConnection.DevelopmentAccountKey);
        using var message = new HttpMessage(request, new ResponseClassifier());
        new SharedKeyPolicy(credential).OnSendingRequest(message);
        return request.Headers.TryGetValue("Authorization", out string? value) ? value : string.Empty;
    }
}
