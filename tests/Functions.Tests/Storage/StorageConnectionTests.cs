using Azure.Core;
using Azure.Identity;
using Nst.Functions.Storage;

namespace Nst.Functions.Tests.Storage;

public sealed class StorageConnectionTests
{
    [Fact]
    public void Parse_UseDevelopmentStorage_PointsAtAzuriteWithTheDevelopmentKey()
    {
        StorageConnection connection = StorageConnection.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), connection.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), connection.QueueEndpoint);
        Assert.Equal("devstoreaccount1", connection.SharedKey!.AccountName);
    }

    [Fact]
    public void Parse_AccountKeyWithSuffix_DerivesHttpsEndpoints()
    {
        StorageConnection connection = StorageConnection.Parse(
            "DefaultEndpointsProtocol=https;AccountName=nstdata;AccountKey=" + StorageConnection.DevelopmentAccountKey + ";EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://nstdata.blob.core.windows.net"), connection.BlobEndpoint);
        Assert.Equal(new Uri("https://nstdata.queue.core.windows.net"), connection.QueueEndpoint);
        Assert.Equal("nstdata", connection.SharedKey!.AccountName);
        Assert.Null(connection.Sas);
    }

    [Fact]
    public void Parse_ExplicitEndpoints_OverrideTheDerivedOnes()
    {
        StorageConnection connection = StorageConnection.Parse(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + StorageConnection.DevelopmentAccountKey +
            ";BlobEndpoint=http://127.0.0.1:4000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:4001/devstoreaccount1;");

        Assert.Equal(new Uri("http://127.0.0.1:4000/devstoreaccount1"), connection.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:4001/devstoreaccount1"), connection.QueueEndpoint);
    }

    [Fact]
    public void Parse_SasConnectionString_UsesTheSignatureAndNoKey()
    {
        StorageConnection connection = StorageConnection.Parse(
            "BlobEndpoint=https://nstdata.blob.core.windows.net/;QueueEndpoint=https://nstdata.queue.core.windows.net/;SharedAccessSignature=sv=2024-05-04&ss=bq&sig=abc%3D");

        Assert.Equal("sv=2024-05-04&ss=bq&sig=abc%3D", connection.Sas!.Signature);
        Assert.Null(connection.SharedKey);
    }

    [Theory]
    [InlineData("AccountName=x;AccountKey")]
    [InlineData("AccountKey=" + StorageConnection.DevelopmentAccountKey)]
    [InlineData("DefaultEndpointsProtocol=https")]
    [InlineData("AccountName=x;AccountKey=not-base64!")]
    public void Parse_Malformed_ThrowsFormatException(string connectionString)
    {
        Assert.Throws<FormatException>(() => StorageConnection.Parse(connectionString));
    }

    [Fact]
    public void FromSettings_AccountName_UsesIdentityBasedEndpointsAndTheGivenCredential()
    {
        var settings = new Dictionary<string, string?> { ["AzureWebJobsStorage__accountName"] = "nstdata" };
        var credential = new StaticTokenCredential("t");

        StorageConnection connection = StorageConnection.FromSettings(settings.GetValueOrDefault, credential: credential);

        Assert.Equal(new Uri("https://nstdata.blob.core.windows.net"), connection.BlobEndpoint);
        Assert.Equal(new Uri("https://nstdata.queue.core.windows.net"), connection.QueueEndpoint);
        Assert.Same(credential, connection.TokenCredential);
        Assert.Equal("nstdata", connection.AccountName);
    }

    [Fact]
    public void FromSettings_BlobServiceUriWithManagedIdentity_DerivesQueueUriAndUsesManagedIdentity()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage__blobServiceUri"] = "https://nstdata.blob.core.windows.net",
            ["Storage__credential"] = "managedidentity",
            ["Storage__clientId"] = "00000000-0000-0000-0000-000000000001",
        };

        StorageConnection connection = StorageConnection.FromSettings(settings.GetValueOrDefault, "Storage");

        Assert.Equal(new Uri("https://nstdata.queue.core.windows.net"), connection.QueueEndpoint);
        Assert.IsType<ManagedIdentityCredential>(connection.TokenCredential);
    }

    [Fact]
    public void FromSettings_ConnectionStringSetting_WinsOverIdentitySettings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["AzureWebJobsStorage__accountName"] = "ignored",
        };

        Assert.NotNull(StorageConnection.FromSettings(settings.GetValueOrDefault).SharedKey);
    }

    [Fact]
    public void FromSettings_NothingSet_ThrowsNamingTheSettings()
    {
        var error = Assert.Throws<FormatException>(() => StorageConnection.FromSettings(_ => null));

        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
    }

    internal sealed class StaticTokenCredential(string token) : TokenCredential
    {
        public List<string[]> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.Add(requestContext.Scopes);
            return new AccessToken(token, DateTimeOffset.MaxValue);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
