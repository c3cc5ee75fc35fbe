namespace Sharpdig.Cli;

/// <summary>How data buffers are printed (-A, -b, -x, -X or the default dotted text).</summary>
public enum BufferFormat { Normal, Ascii, Base64, Hex, HexAscii }

/// <summary>Time column modes of -t.</summary>
public enum TimeMode { Human, Absolute, Relative, EnterExitDelta, PreviousDelta }

/// <summary>One -c occurrence: the chisel name and the words it took as its arguments.</summary>
public sealed record ChiselRequest(string Name, IReadOnlyList<string> Args);

/// <summary>Everything the command line asked for, parsed with sysdig's getopt rules.</summary>
public sealed class CommandLineOptions
{
    public string? ReadFile { get; set; }
    public string? WriteFile { get; set; }
    /// <summary>Filter words joined by spaces (the trailing non-option arguments).</summary>
    public string? Filter { get; set; }
    public bool FilterIsDisplayOnly { get; set; }              // -d
    public string? OutputFormat { get; set; }                  // -p
    public string? OutputFormatPreset { get; set; }            // -pc / -pk / -pm: "container", "kubernetes", "mesos"
    public bool Json { get; set; }                             // -j
    public BufferFormat BufferFormat { get; set; } = BufferFormat.Normal;
    public int? Snaplen { get; set; }                          // -s
    public TimeMode TimeMode { get; set; } = TimeMode.Human;   // -t
    public long? MaxEvents { get; set; }                       // -n
    public long? MaxSeconds { get; set; }                      // -M
    public bool Verbose { get; set; }                          // -v
    public bool Debug { get; set; }                            // -D
    public bool Quiet { get; set; }                            // -q
    public bool Summary { get; set; }                          // -S
    public bool Progress { get; set; }                         // -P
    public bool ResolvePorts { get; set; }                     // -R
    public bool Unbuffered { get; set; }                       // --unbuffered
    public bool Compress { get; set; }                         // -z
    public bool ExcludeUsers { get; set; }                     // -E
    public bool FatFile { get; set; }                          // -F
    public bool FilterProcList { get; set; }                   // --filter-proclist
    public long? FileSizeMb { get; set; }                      // -C (millions of bytes)
    public long? RotateSeconds { get; set; }                   // -G
    public long? FileLimit { get; set; }                       // -W
    public long? EventsPerFile { get; set; }                   // -e
    public string? SuppressComm { get; set; }                  // -U
    public bool PageFaults { get; set; }                       // --page-faults
    public List<ChiselRequest> Chisels { get; } = [];          // -c NAME ARGS...
    public string? ChiselInfo { get; set; }                    // -i NAME

    public bool ShowHelp { get; set; }
    public bool ShowVersion { get; set; }
    public bool ShowLibsVersion { get; set; }
    public bool ListFields { get; set; }                       // -l (with -v: -lv)
    public bool ListFieldsMarkdown { get; set; }
    public bool ListEvents { get; set; }                       // -L
    public bool ListChisels { get; set; }                      // -cl / --list-chisels
}
