using System.CommandLine;

namespace Nst.Cli.Commands;

/// <summary><c>nst stylize</c>: one style-transfer run on this machine.</summary>
internal static class StylizeCommand
{
    public static Command Create() => Create(new StylizeOptions());

    public static Command Create(StylizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cmd = new Command("stylize", "Render the content image in the style of the style image(s).");
        foreach (var o in options.All)
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction((p, ct) => CliRunner.RunAsync(() => Task.FromResult(options.Bind(p).Execute(ct))));
        return cmd;
    }
}
