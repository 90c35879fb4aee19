using Nst.Functions.Webhooks;

namespace Nst.Functions.Tests.Webhooks;

public sealed class WebhookDeliveryOptionsTests
{
    [Fact]
    public void BackoffAfter_Defaults_DoublesFromFiveSecondsUpToTenMinutes()
    {
        var options = new WebhookDeliveryOptions();
        double[] seconds = Enumerable.Range(1, 10).Select(a => options.BackoffAfter(a).TotalSeconds).ToArray();
        Assert.Equal([5, 10, 20, 40, 80, 160, 320, 600, 600, 600], seconds);
    }

    [Fact]
    public void BackoffAfter_HugeAttempt_StaysAtCap()
    {
        var options = new WebhookDeliveryOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(30) };
        Assert.Equal(TimeSpan.FromSeconds(30), options.BackoffAfter(10_000));
    }
}
