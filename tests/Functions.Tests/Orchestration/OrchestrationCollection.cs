namespace Nst.Functions.Tests.Orchestration;

/// <summary>
/// Tests that run jobs on the in-memory durable host join this collection: one host for all of them, and one test at a
/// time, so timer-based tests do not compete with each other for the machine's cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OrchestrationCollection : ICollectionFixture<OrchestrationHost>
{
    public const string Name = "Orchestration host";
}
