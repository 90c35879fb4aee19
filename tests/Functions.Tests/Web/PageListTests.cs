using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Playwright;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;
using Nst.Functions.Tests.Hosting;
using Nst.Functions.Tests.Infrastructure;

namespace Nst.Functions.Tests.Web;

/// <summary>The job list: pages, newest first, and one bad record among good ones.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PageListTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task List_WithAnUnreadableJob_ShowsItAsSuchAndTheOthers_MoreLoadsTheNextPage()
    {
        await using TestAppHost host = await TestAppHost.StartAsync(azurite);
        await host.UploadStyleAsync("swirl");
        string oldest = await PageJobs.SubmitAsync(host, "oldest.png", ("iterations", "1"), ("size", "32"));
        await Task.Delay(5); // ids count milliseconds
        // An instance of the job orchestration whose input is not a job: its record cannot be read.
        string unreadable = JobId.New(DateTimeOffset.UtcNow);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(TaskNames.StyleJob, "not a job", new StartOrchestrationOptions(unreadable));
        await Task.Delay(5);
        string newest = await PageJobs.SubmitAsync(host, "newest.png", ("iterations", "1"), ("size", "32"));
        await host.WaitForJobAsync(oldest);
        await host.WaitForJobAsync(newest);
        Assert.Equal(JobView.Unreadable, (await host.WaitForJobAsync(unreadable, j => j.GetProperty("status").GetString() == JobView.Unreadable)).GetProperty("status").GetString());

        await using PageSession session = await PageSession.OpenAsync(host.Http.BaseAddress!, "?poll=500&limit=2");
        IPage page = session.Page;
        await Assertions.Expect(session.Jobs).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#more")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "More" }).ClickAsync();
        await Assertions.Expect(session.Jobs).ToHaveCountAsync(3);
        Assert.Equal([newest, unreadable, oldest], await session.Jobs.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.id)"));

        ILocator bad = session.Job(unreadable);
        await Assertions.Expect(bad).ToHaveAttributeAsync("data-status", "unreadable");
        await Assertions.Expect(bad.Locator(".status")).ToHaveTextAsync("unreadable");
        await Assertions.Expect(bad.Locator(".job-name")).ToHaveTextAsync("Unreadable job");
        await Assertions.Expect(bad.Locator(".error")).ToContainTextAsync("unreadable: This job's record could not be read");
        await Assertions.Expect(bad.Locator(".cancel")).ToBeHiddenAsync();
        foreach (var (id, name) in new[] { (newest, "newest.png"), (oldest, "oldest.png") })
        {
            await Assertions.Expect(session.Job(id)).ToHaveAttributeAsync("data-status", "succeeded");
            await Assertions.Expect(session.Job(id).Locator(".job-name")).ToHaveTextAsync(name);
            await Assertions.Expect(session.Job(id).Locator(".job-source")).ToContainTextAsync("uploaded · style swirl");
        }

        // Polling goes on after "More" without losing the older page.
        await page.WaitForTimeoutAsync(1_200);
        await Assertions.Expect(session.Jobs).ToHaveCountAsync(3);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "page-list.png"), FullPage = true });
        Assert.Empty(session.ConsoleErrors);
        Assert.Empty(session.PageErrors);
    }
}
