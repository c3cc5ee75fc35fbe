using System.Globalization;

namespace Sharpdig.Capture.Scap.Rotation;

/// <summary>
/// Decides, before each written event, whether it goes into the current file or starts a new
/// one, and names the files, with sysdig 0.29.3's rules (its cycle writer):
///  - -C N: new file once the current one is larger than N×10^6 bytes; names get a counter
///    suffix, zero-padded to the number of digits of -W (no padding without -W);
///  - -G S: new file when S seconds of capture time have passed since the file began; the name is
///    the -w pattern through strftime (local time) when it has a '%', else -w plus a counter;
///    reading a file, a '%' name cannot be formatted before the first event, so the first file is
///    literally "first_dump.scap" (sysdig does this too);
///  - -e N: new file every N events (the first file gets N-1: the counter runs before the check);
///    names are -w plus a counter, whatever else was given;
///  - -W N: the counter wraps at N, so files are reused from the first (a ring); with a -G strftime
///    pattern, the file that held the slot before is deleted.
/// Only one new-file reason applies per event, checked in the order time, size, count.
/// </summary>
public sealed class CaptureFileCycle
{
    /// <summary>Name sysdig gives the first file of a -G capture with a strftime name, read from a file.</summary>
    public const string FirstDumpName = "first_dump.scap";

    private readonly RotationSettings _s;
    private readonly bool _live;
    private readonly TimeZoneInfo? _zone;
    private readonly string[]? _pastNames;
    private readonly string _counterFormat;
    private long _index;
    private long _eventCount;
    private long _periodStartSeconds;   // capture second the current period began (0 = not yet)

    public CaptureFileCycle(RotationSettings settings, bool live, TimeZoneInfo? zone = null)
    {
        _s = settings;
        _live = live;
        _zone = zone;
        if (settings.Seconds > 0 && settings.FileLimit > 0) _pastNames = new string[settings.FileLimit];
        int digits = 0;
        for (long n = settings.FileLimit; n > 0; n /= 10) digits++;
        _counterFormat = new string('0', Math.Max(digits, 1));
    }

    /// <summary>Name of the file being written.</summary>
    public string CurrentName { get; private set; } = "";

    /// <summary>A file the ring dropped when the last new file was chosen (to delete before opening it), or null.</summary>
    public string? Evicted { get; private set; }

    /// <summary>Chooses the first file's name; <paramref name="nowSeconds"/> is wall-clock time (used live).</summary>
    public string Start(long nowSeconds)
    {
        if (!_live && _s.Seconds > 0 && HasPattern)
        {
            CurrentName = FirstDumpName;
            Evicted = null;
        }
        else
        {
            if (_live) _periodStartSeconds = nowSeconds;
            NextFile();
        }
        return CurrentName;
    }

    private bool HasPattern => _s.BaseName.Contains('%');

    /// <summary>
    /// Called before writing an event at capture time <paramref name="timestampNs"/>, with the
    /// current file's size as sysdig would measure it. True means: open <see cref="CurrentName"/>
    /// (after deleting <see cref="Evicted"/>) and write the event there.
    /// </summary>
    public bool NeedsNewFile(ulong timestampNs, long currentFileSize)
    {
        _eventCount++;
        if (_s.Seconds > 0)
        {
            long sec = (long)(timestampNs / 1_000_000_000UL);
            if (_periodStartSeconds == 0) _periodStartSeconds = sec;
            if (sec - _periodStartSeconds >= _s.Seconds)
            {
                _periodStartSeconds = sec;
                NextFile();
                return true;
            }
        }
        if (_s.SizeLimitMillions > 0 && currentFileSize > _s.SizeLimitBytes)
        {
            NextFile();
            return true;
        }
        if (_s.EventsPerFile > 0 && _eventCount >= _s.EventsPerFile)
        {
            _eventCount = 0;
            NextFile();
            return true;
        }
        return false;
    }

    private void NextFile()
    {
        Evicted = null;
        if (_s.FileLimit > 0 && _index >= _s.FileLimit) _index = 0;
        string counter = _index.ToString(CultureInfo.InvariantCulture);
        string name;
        if (_s.Seconds > 0)
        {
            if (HasPattern)
            {
                name = StrftimeFormatter.FormatLocal(_s.BaseName, _periodStartSeconds, _zone);
                if (_pastNames is not null)
                {
                    if (!string.IsNullOrEmpty(_pastNames[_index])) Evicted = _pastNames[_index];
                    _pastNames[_index] = name;
                }
            }
            else name = _s.BaseName + counter;
        }
        else name = _s.BaseName;

        if (_s.SizeLimitMillions > 0) name += _index.ToString(_counterFormat, CultureInfo.InvariantCulture);
        if (_s.EventsPerFile > 0) name = _s.BaseName + counter;

        CurrentName = name;
        _index++;
    }
}
