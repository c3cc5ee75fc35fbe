namespace Sharpdig.Cli;

/// <summary>A command line that cannot be run; the message is printed as one line on stderr.</summary>
public sealed class CommandLineException(string message) : Exception(message);

/// <summary>
/// Parses arguments the way sysdig's getopt_long does: bundled short flags (-lv), attached or
/// detached values (-s2000, -s 2000, -p"%fmt"), long options with = or a separate value, and
/// non-option words anywhere, which together form the filter. A chisel (-c NAME) then takes its
/// arguments from the words right after its name; how many is asked of <c>chiselArgCount</c>.
/// </summary>
public static class CommandLineParser
{
    // Short options and whether each takes a value: 1 = required, 2 = optional (attached only).
    private static readonly Dictionary<char, int> s_short = new()
    {
        ['A'] = 0, ['b'] = 0, ['B'] = 2, ['c'] = 1, ['C'] = 1, ['d'] = 0, ['D'] = 0, ['E'] = 0,
        ['e'] = 1, ['F'] = 0, ['G'] = 1, ['h'] = 0, ['H'] = 1, ['I'] = 1, ['i'] = 1, ['j'] = 0,
        ['k'] = 1, ['K'] = 1, ['l'] = 0, ['L'] = 0, ['m'] = 1, ['M'] = 1, ['n'] = 1, ['P'] = 0,
        ['p'] = 1, ['q'] = 0, ['R'] = 0, ['r'] = 1, ['S'] = 0, ['s'] = 1, ['t'] = 1, ['T'] = 0,
        ['U'] = 1, ['u'] = 0, ['v'] = 0, ['W'] = 1, ['w'] = 1, ['x'] = 0, ['X'] = 0, ['z'] = 0,
    };

    // Long options: name -> (short equivalent or '\0', takes value).
    private static readonly Dictionary<string, (char Short, int Arg)> s_long = new()
    {
        ["print-ascii"] = ('A', 0), ["print-base64"] = ('b', 0), ["bpf"] = ('B', 2),
        ["chisel"] = ('c', 1), ["list-chisels"] = ('\0', 0), ["file-size"] = ('C', 1),
        ["displayflt"] = ('d', 0), ["debug"] = ('D', 0), ["exclude-users"] = ('E', 0),
        ["fatfile"] = ('F', 0), ["seconds"] = ('G', 1), ["help"] = ('h', 0), ["plugin"] = ('H', 1),
        ["input"] = ('I', 1), ["chisel-info"] = ('i', 1), ["json"] = ('j', 0), ["k8s-api"] = ('k', 1),
        ["k8s-api-cert"] = ('K', 1), ["list"] = ('l', 0), ["list-events"] = ('L', 0),
        ["mesos-api"] = ('m', 1), ["numevents"] = ('n', 1), ["progress"] = ('P', 0),
        ["print"] = ('p', 1), ["quiet"] = ('q', 0), ["read"] = ('r', 1), ["summary"] = ('S', 0),
        ["snaplen"] = ('s', 1), ["timetype"] = ('t', 1), ["force-tracers-capture"] = ('T', 0),
        ["suppress-comm"] = ('U', 1), ["verbose"] = ('v', 0), ["limit"] = ('W', 1), ["write"] = ('w', 1),
        ["print-hex"] = ('x', 0), ["print-hex-ascii"] = ('X', 0), ["compress"] = ('z', 0),
        ["unbuffered"] = ('\0', 0), ["version"] = ('\0', 0), ["libs-version"] = ('\0', 0),
        ["filter-proclist"] = ('\0', 0), ["list-markdown"] = ('\0', 0), ["page-faults"] = ('\0', 0),
        ["large-environment"] = ('\0', 0), ["cri"] = ('\0', 1), ["cri-timeout"] = ('\0', 1),
        ["node-name"] = ('\0', 1), ["plugin-config-file"] = ('\0', 1),
    };

    /// <param name="chiselArgCount">
    /// Given a chisel name and the words that follow it, returns how many of those words the chisel
    /// takes as its arguments (throwing <see cref="CommandLineException"/> when too few remain).
    /// </param>
    public static CommandLineOptions Parse(IReadOnlyList<string> args,
        Func<string, IReadOnlyList<string>, int>? chiselArgCount = null)
    {
        var o = new CommandLineOptions();
        var filterWords = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--") { for (i++; i < args.Count; i++) filterWords.Add(args[i]); break; }
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                string name = a[2..]; string? value = null;
                int eq = name.IndexOf('=');
                if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
                if (!s_long.TryGetValue(name, out var spec))
                    throw new CommandLineException($"unrecognized option '--{name}'");
                if (spec.Arg == 1 && value is null)
                {
                    if (i + 1 >= args.Count) throw new CommandLineException($"option '--{name}' requires an argument");
                    value = args[++i];
                }
                if (spec.Short != '\0') Apply(o, spec.Short, value, args, ref i, chiselArgCount);
                else ApplyLong(o, name, value);
                continue;
            }
            if (a.Length < 2 || a[0] != '-') { filterWords.Add(a); continue; }
            for (int j = 1; j < a.Length; j++)
            {
                char c = a[j];
                if (!s_short.TryGetValue(c, out int takes))
                    throw new CommandLineException($"invalid option -- '{c}'");
                if (takes == 0) { Apply(o, c, null, args, ref i, chiselArgCount); continue; }
                string? value = j + 1 < a.Length ? a[(j + 1)..] : null;
                if (value is null && takes == 1)
                {
                    if (i + 1 >= args.Count) throw new CommandLineException($"option requires an argument -- '{c}'");
                    value = args[++i];
                }
                Apply(o, c, value, args, ref i, chiselArgCount);
                break;
            }
        }
        if (filterWords.Count > 0) o.Filter = string.Join(' ', filterWords);
        return o;
    }

    private static void ApplyLong(CommandLineOptions o, string name, string? value)
    {
        switch (name)
        {
            case "list-chisels": o.ListChisels = true; break;
            case "unbuffered": o.Unbuffered = true; break;
            case "version": o.ShowVersion = true; break;
            case "libs-version": o.ShowLibsVersion = true; break;
            case "filter-proclist": o.FilterProcList = true; break;
            case "list-markdown": o.ListFields = true; o.ListFieldsMarkdown = true; break;
            case "page-faults": o.PageFaults = true; break;
            default: break; // accepted for compatibility, no effect here (cri, node-name, ...)
        }
    }

    private static void Apply(CommandLineOptions o, char c, string? v, IReadOnlyList<string> args, ref int i,
        Func<string, IReadOnlyList<string>, int>? chiselArgCount)
    {
        switch (c)
        {
            case 'A': o.BufferFormat = BufferFormat.Ascii; break;
            case 'b': o.BufferFormat = BufferFormat.Base64; break;
            case 'x': o.BufferFormat = BufferFormat.Hex; break;
            case 'X': o.BufferFormat = BufferFormat.HexAscii; break;
            case 'c':
                if (v == "l") { o.ListChisels = true; break; }
                var rest = new List<string>();
                for (int k = i + 1; k < args.Count; k++) rest.Add(args[k]);
                int take = chiselArgCount?.Invoke(v!, rest) ?? 0;
                o.Chisels.Add(new ChiselRequest(v!, rest.GetRange(0, take)));
                i += take;
                break;
            case 'C': o.FileSizeMb = Number(v!, c); break;
            case 'd': o.FilterIsDisplayOnly = true; break;
            case 'D': o.Debug = true; break;
            case 'E': o.ExcludeUsers = true; break;
            case 'e': o.EventsPerFile = Number(v!, c); break;
            case 'F': o.FatFile = true; break;
            case 'G': o.RotateSeconds = Number(v!, c); break;
            case 'h': o.ShowHelp = true; break;
            case 'i': o.ChiselInfo = v; break;
            case 'j': o.Json = true; break;
            case 'l': o.ListFields = true; break;
            case 'L': o.ListEvents = true; break;
            case 'M': o.MaxSeconds = Number(v!, c); break;
            case 'n': o.MaxEvents = Number(v!, c); break;
            case 'P': o.Progress = true; break;
            case 'p':
                switch (v)
                {
                    case "c" or "container": o.OutputFormatPreset = "container"; break;
                    case "k" or "kubernetes": o.OutputFormatPreset = "kubernetes"; break;
                    case "m" or "mesos": o.OutputFormatPreset = "mesos"; break;
                    default: o.OutputFormat = v; break;
                }
                break;
            case 'q': o.Quiet = true; break;
            case 'R': o.ResolvePorts = true; break;
            case 'r': o.ReadFile = v; break;
            case 'S': o.Summary = true; break;
            case 's': o.Snaplen = (int)Math.Clamp(Number(v!, c), 0, int.MaxValue); break;
            case 't':
                o.TimeMode = v switch
                {
                    "h" => TimeMode.Human, "a" => TimeMode.Absolute, "r" => TimeMode.Relative,
                    "d" => TimeMode.EnterExitDelta, "D" => TimeMode.PreviousDelta,
                    _ => throw new CommandLineException("invalid modifier for flag -t"),
                };
                break;
            case 'U': o.SuppressComm = v; break;
            case 'v': o.Verbose = true; break;
            case 'W': o.FileLimit = Number(v!, c); break;
            case 'w': o.WriteFile = v; break;
            case 'z': o.Compress = true; break;
            default: break; // B, H, I, k, K, m, T, u: accepted, not used by this tool
        }
    }

    private static long Number(string v, char flag) =>
        long.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long n)
            ? n
            : throw new CommandLineException($"invalid value '{v}' for flag -{flag}");
}
