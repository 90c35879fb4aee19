namespace Nst.Functions.Tests.Infrastructure;

/// <summary>Every integration test class joins this collection and so shares one Azurite for the whole run.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
