namespace Sharpdig.Cli;

/// <summary>Our own -h text.</summary>
public static class HelpText
{
    private const string Text = """
        sharpdig: read system-call captures and print their events.

        Usage: sharpdig [options] [filter]

          -r, --read FILE        read events from a capture file (plain or gzip)
          -w, --write FILE       write the events read (after the filter) to a capture file
          -z, --compress         gzip the file written with -w
          -n, --numevents N      stop after reading N events
          -t, --timetype h|a|r|d|D
                                 time column: h local clock (default), a absolute seconds,
                                 r since the first event, d enter-to-exit latency, D since the
                                 previous shown event
          -A, --print-ascii      show buffers as their printable characters only
          -x, --print-hex        show buffers as hex rows
          -X, --print-hex-ascii  show buffers as hex rows with a text column
          -b, --print-base64     show buffers in base64
          -s, --snaplen N        bytes of each buffer to capture (live captures)
          -v, --verbose          do not shorten long buffers; print statistics at the end
          -q, --quiet            do not print events (useful with -w or -S)
          -S, --summary          print a table of event counts at the end
          -D, --debug            also show sysdig's internal events
          -L, --list-events      list the event types and their parameters
          -h, --help             show this text
              --version          show the version

        """;

    public static void Write(Stream output)
    {
        var b = System.Text.Encoding.UTF8.GetBytes(Text.Replace("\r\n", "\n"));
        output.Write(b, 0, b.Length);
    }
}
