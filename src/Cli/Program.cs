using System.CommandLine;
using Nst.Cli.Commands;

namespace Nst.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("nst — neural style transfer (Gatys et al.) on VGG19, on the CPU or a CUDA GPU (--device).");
        root.Subcommands.Add(StylizeCommand.Create());
        root.Subcommands.Add(ModelCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(SubmitCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(FetchCommand.Create());
        root.Subcommands.Add(DeviceCheckCommand.Create());
        var result = root.Parse(args);
        return ParseErrors.IsReportable(result) ? ParseErrors.Report(result, Console.Error) : result.Invoke();
    }
}
