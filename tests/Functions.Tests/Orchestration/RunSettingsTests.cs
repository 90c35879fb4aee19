using Nst.Functions.Orchestration;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Tests.Orchestration;

public sealed class RunSettingsTests
{
    [Fact]
    public void WebhookBackoffAfter_Defaults_5sDoublingCappedAt10Minutes()
    {
        var settings = new RunSettings();

        double[] delays = Enumerable.Range(1, 10).Select(a => settings.WebhookBackoffAfter(a).TotalSeconds).ToArray();

        Assert.Equal([5, 10, 20, 40, 80, 160, 320, 600, 600, 600], delays);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void WebhookBackoffAfter_ManyAttempts_CapWithoutOverflow(int attempt)
    {
        Assert.Equal(TimeSpan.FromMinutes(10), new RunSettings().WebhookBackoffAfter(attempt));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void WebhookBackoffAfter_AttemptBelowOne_TheInitialDelay(int attempt)
    {
        Assert.Equal(TimeSpan.FromSeconds(5), new RunSettings().WebhookBackoffAfter(attempt));
    }

    [Fact]
    public void WebhookBackoffAfter_HugeMaximum_NoOverflow()
    {
        var settings = new RunSettings { WebhookInitialBackoff = TimeSpan.FromDays(1), WebhookMaxBackoff = TimeSpan.MaxValue };

        Assert.True(settings.WebhookBackoffAfter(1000) > TimeSpan.Zero);
    }

    [Fact]
    public void From_NstSettings_CarriesChunkAndWebhookSettings()
    {
        var nst = new NstSettings
        {
            ChunkSeconds = 12.5,
            MaxChunkAttempts = 9,
            Webhook = new WebhookSettings { Url = "  https://operator.example.com/hook  ", MaxAttempts = 4, InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(8) },
        };

        RunSettings settings = RunSettings.From(nst);

        Assert.Equal(12.5, settings.ChunkSeconds);
        Assert.Equal(9, settings.MaxChunkAttempts);
        Assert.Equal("https://operator.example.com/hook", settings.DefaultWebhookUrl);
        Assert.Equal(4, settings.WebhookMaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.WebhookInitialBackoff);
        Assert.Equal(TimeSpan.FromSeconds(8), settings.WebhookMaxBackoff);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void From_BlankWebhookUrl_NoDefault(string? url)
    {
        Assert.Null(RunSettings.From(new NstSettings { Webhook = new WebhookSettings { Url = url } }).DefaultWebhookUrl);
    }
}
