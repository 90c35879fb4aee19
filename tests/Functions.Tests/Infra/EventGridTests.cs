using Nst.Functions.Pipeline;

namespace Nst.Functions.Tests.Infra;

public sealed class EventGridTests
{
    private static readonly string Text = BicepText.ReadInfra(Path.Combine("app", "event-grid.bicep"));

    private static string Subscription =>
        Assert.Single(BicepText.Resources(Text, "Microsoft.EventGrid/systemTopics/eventSubscriptions")).Body;

    [Fact]
    public void EventSubscription_Filter_TakesBlobCreatedUnderTheInboxContainer()
    {
        Assert.Contains("'Microsoft.Storage.BlobCreated'", Subscription, StringComparison.Ordinal);
        Assert.Contains($"subjectBeginsWith: '/blobServices/default/containers/{PipelineNames.InboxContainer}/'", Subscription, StringComparison.Ordinal);
    }

    [Fact]
    public void EventSubscription_Destination_IsTheInboxQueueThroughTheTopicIdentity()
    {
        string subscription = Subscription;

        Assert.Contains("endpointType: 'StorageQueue'", subscription, StringComparison.Ordinal);
        Assert.Contains($"queueName: '{PipelineNames.InboxQueue}'", subscription, StringComparison.Ordinal);
        Assert.Contains("deliveryWithResourceIdentity", subscription, StringComparison.Ordinal);
        Assert.Contains("eventDeliverySchema: 'EventGridSchema'", subscription, StringComparison.Ordinal);
    }

    [Fact]
    public void SystemTopic_Identity_CanSendQueueMessagesBeforeTheSubscriptionExists()
    {
        var (topicSymbol, topic) = Assert.Single(BicepText.Resources(Text, "Microsoft.EventGrid/systemTopics"));
        var (roleSymbol, role) = Assert.Single(BicepText.Resources(Text, "Microsoft.Authorization/roleAssignments"));

        Assert.Contains("type: 'SystemAssigned'", topic, StringComparison.Ordinal);
        Assert.Contains($"principalId: {topicSymbol}.identity.principalId", role, StringComparison.Ordinal);
        Assert.Contains("storageQueueDataMessageSenderRoleId", role, StringComparison.Ordinal);
        Assert.Contains("var storageQueueDataMessageSenderRoleId = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'", Text, StringComparison.Ordinal);
        Assert.Contains(roleSymbol, BicepText.BlockAt(Subscription, Subscription.IndexOf("dependsOn: [", StringComparison.Ordinal) + "dependsOn: ".Length), StringComparison.Ordinal);
    }
}
