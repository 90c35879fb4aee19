using System.Net;
using Azure;
using Azure.Core.Pipeline;
using Nst.Functions.Storage;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Storage.Pipeline;

public sealed class AuthorizationPolicyTests
{
    [Fact]
    public async Task TokenCredential_OverHttps_SendsBearerTokenForTheStorageScope()
    {
        var handler = new FakeHttpHandler().Respond(HttpStatusCode.OK);
        var credential = new StorageConnectionTests.StaticTokenCredential("token-123");
        var connection = StorageConnection.FromServiceUris(new Uri("https://nstdata.blob.core.windows.net"), new Uri("https://nstdata.queue.core.windows.net"), credential);
        var store = new BlobStore(connection, new StorageClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) });

        await store.GetPropertiesAsync("jobs", "1/job.json");

        FakeHttpHandler.RecordedRequest request = Assert.Single(handler.Requests);
        Assert.Equal("Bearer token-123", request.Headers["Authorization"]);
        Assert.Equal("https://storage.azure.com/.default", Assert.Single(Assert.Single(credential.Scopes)));
        Assert.Equal("2024-05-04", request.Headers["x-ms-version"]);
        Assert.True(request.Headers.ContainsKey("x-ms-client-request-id"));
    }

    [Fact]
    public async Task TokenCredential_OverHttp_IsRefusedBeforeSending()
    {
        var handler = new FakeHttpHandler().Respond(HttpStatusCode.OK);
        var connection = StorageConnection.FromServiceUris(new Uri("http://127.0.0.1:10000/devstoreaccount1"), new Uri("http://127.0.0.1:10001/devstoreaccount1"),
            new StorageConnectionTests.StaticTokenCredential("t"));
        var store = new BlobStore(connection, new StorageClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) });

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetPropertiesAsync("jobs", "x"));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Sas_IsAppendedToTheQueryWithoutAuthorizationHeader()
    {
        var handler = new FakeHttpHandler().Respond(HttpStatusCode.OK);
        var connection = StorageConnection.Parse("BlobEndpoint=https://nstdata.blob.core.windows.net;QueueEndpoint=https://nstdata.queue.core.windows.net;SharedAccessSignature=?sv=2024-05-04&sig=a%2Bb%3D");
        var store = new BlobStore(connection, new StorageClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) });

        await store.GetPropertiesAsync("jobs", "x");

        FakeHttpHandler.RecordedRequest request = Assert.Single(handler.Requests);
        Assert.Equal("?sv=2024-05-04&sig=a%2Bb%3D", request.Uri.Query);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }
}
