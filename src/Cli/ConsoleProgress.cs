using System.Diagnostics;
using Nst.Engine.Session;

namespace Nst.Cli;

/// <summary>
/// Progress on stderr: a live line (iteration, losses, speed, ETA) on a terminal; plain lines every few
/// seconds when redirected, so logs stay readable.
/// </summary>
internal sealed class ConsoleProgress : IDisposable
{
    private readonly TextWriter _out;
    private readonly bool _live;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastPrint = TimeSpan.Zero;
    private int _firstIteration = -1;
    private bool _pending;

    public ConsoleProgress(TextWriter output)
    {
        _out = output;
        _live = !Console.IsErrorRedirected;
    }

    public void Report(IterationReport r)
    {
        if (_firstIteration < 0) _firstIteration = r.Iteration - 1;
        double rate = (r.Iteration - _firstIteration) / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        double eta = (r.TotalIterations - r.Iteration) / Math.Max(rate, 1e-9);
        string line = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"iter {r.Iteration}/{r.TotalIterations}  scale {r.Scale + 1} {r.Width}x{r.Height}  loss {r.Loss.Total:G5} (content {r.Loss.Content:G4}, style {r.Loss.Style:G4}, tv {r.Loss.TotalVariation:G4})  {1 / Math.Max(rate, 1e-9):F2} s/iter  ETA {TimeSpan.FromSeconds(Math.Round(eta)):c}");
        bool last = r.Iteration == r.TotalIterations;
        if (_live)
        {
            _out.Write("\r" + line.PadRight(Console.BufferWidth > 0 ? Math.Min(Console.BufferWidth - 1, 160) : 0));
            _pending = true;
        }
        else if (last || _clock.Elapsed - _lastPrint >= TimeSpan.FromSeconds(5) || r.Iteration == _firstIteration + 1)
        {
            _out.WriteLine(line);
            _lastPrint = _clock.Elapsed;
        }
    }

    public void Finish()
    {
        if (_pending) _out.WriteLine();
        _pending = false;
    }

    public void Dispose() => Finish();
}
