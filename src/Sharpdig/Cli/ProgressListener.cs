using Sharpdig.Capture;
using Sharpdig.Capture.Scap;
using Sharpdig.State;

namespace Sharpdig.Cli;

/// <summary>
/// -P (and -w while reading a file): how far through the file the capture is, on stderr, as sysdig
/// shows it: checked every 10000th event, reprinted in place ("\r") when it moved by more than
/// 0.1%, and closed with a last figure and a newline at the end of the capture. For a plain file
/// the position is libscap's own (<see cref="ZlibCopyModePosition"/>); for a gzip one it is how
/// much of the file the decompressor has taken in, so for gzip files only the closing figure at
/// the end of the file is exactly sysdig's (the ones in between can be off by a few KiB).
/// </summary>
public sealed class ProgressListener(ScapFileReader reader, TextWriter err) : ICaptureListener
{
    private const long CheckEvery = 10000;
    private readonly ZlibCopyModePosition? _plain = reader.IsCompressed ? null : new ZlibCopyModePosition(reader.FileLength);
    private long _replayedTo;
    private double _lastShown;
    private string _line = "";

    public ulong IntervalNs => 0;
    public void OnCaptureStart(StateEngine engine) { }
    public void OnInterval(ulong ts) { }

    public bool OnEvent(EventContext ctx)
    {
        Track(ctx);
        return true;
    }

    public void OnFilteredOut(EventContext ctx) => Track(ctx);

    public void OnCaptureEnd(ulong lastTs)
    {
        Erase();
        Show(atEnd: true);
        err.Write('\n');
        err.Flush();
    }

    private void Track(EventContext ctx)
    {
        if (_plain is not null)
        {
            // libscap ends its metadata pass by peeking at the first event block's header and seeking
            // back to it; blocks skipped later are read in small pieces. An event block is read as
            // its 8-byte header, then the rest in one read.
            if (_replayedTo == 0) _plain.SeekTo(reader.LastBlockOffset);
            else _plain.ReadInSmallPieces(reader.LastBlockOffset - _replayedTo);
            _plain.Read(8);
            _plain.Read(reader.Offset - reader.LastBlockOffset - 8);
            _replayedTo = reader.Offset;
        }
        if (ctx.Record.Number % CheckEvery == 0) Show(atEnd: false);
    }

    private double Percent(bool atEnd)
    {
        if (_plain is null) return reader.ReadProgressPercent;
        long length = reader.FileLength;
        // At the end of the file libscap's last (failed) read has taken in the rest; after -n it has not.
        if (atEnd && reader.Offset >= length) _plain.ReadInSmallPieces(Math.Max(0, length - _replayedTo));
        return length > 0 ? 100.0 * _plain.Position / length : 0;
    }

    private void Show(bool atEnd)
    {
        double pct = Percent(atEnd);
        if (pct - _lastShown <= 0.1) return;
        Erase();
        _line = pct.ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
        err.Write('\r');
        err.Write(_line);
        err.Flush();
        _lastShown = pct;
    }

    /// <summary>Overwrites the last figure with spaces (the cursor stays at their end).</summary>
    private void Erase()
    {
        _line = new string(' ', _line.Length);
        err.Write('\r');
        err.Write(_line);
    }
}
