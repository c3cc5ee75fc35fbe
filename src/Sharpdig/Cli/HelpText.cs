namespace Sharpdig.Cli;

/// <summary>Our own -h text.</summary>
public static class HelpText
{
    private const string Text = """
        sharpdig: capture system calls from the kernel (eBPF) or read capture files,
        filter them and print them, save them, or analyse them with chisels.

        Usage: sharpdig [options] [filter]
          With no -r, sharpdig captures live (root, a kernel with BTF). The filter is
          every word left after the options, e.g. evt.type=open and fd.name contains /etc

        Input and output
          -r, --read FILE        read events from a capture file (plain or gzip)
          -w, --write FILE       save the events (after the filter) to a capture file (mode 0600)
          -z, --compress         gzip the file written with -w
          -C SIZE                with -w: start a new file when this one passes SIZE million bytes
          -G SECONDS             with -w: start a new file every SECONDS (strftime names allowed)
          -W COUNT               with -C/-G: keep at most COUNT files, reusing them in a ring
          -e COUNT               with -w: start a new file every COUNT events
          -F, --fatfile          with -w and a filter: keep state-changing events, hidden
          -E, --exclude-users    with -w: leave the user and group lists out
              --filter-proclist  with -w: apply the filter to the saved process list too
          -n, --numevents N      stop after N events
          -M SECONDS             stop after SECONDS of capture
          -q, --quiet            print no events (useful with -w, -S or chisels)
              --unbuffered       flush every line as it is printed

        Filtering and formatting
          -d, --displayflt       apply the filter to what is shown only, after state is updated
          -p, --print FORMAT     print each event with FORMAT, e.g. "%evt.num %proc.name %fd.name";
                                 a leading * prints events that lack a field as <NA>;
                                 -pc / -pk / -pm: container / kubernetes / mesos line formats
          -j, --json             print events as JSON objects
          -l, --list             list the fields usable in filters and formats (-lv: with details)
          -L, --list-events      list the event types and their parameters
          -t, --timetype h|a|r|d|D
                                 time column: h local clock (default), a absolute seconds,
                                 r since the first event, d enter-to-exit latency, D since the
                                 previous shown event
          -A, --print-ascii      show buffers as their printable characters only
          -x, --print-hex        show buffers as hex rows
          -X, --print-hex-ascii  show buffers as hex rows with a text column
          -b, --print-base64     show buffers in base64
          -s, --snaplen N        bytes of each buffer to keep (default 80)
          -R                     show port numbers as service names
          -v, --verbose          do not shorten long buffers; print statistics at the end
          -S, --summary          print a table of event counts at the end
          -D, --debug            also show internal events

        Chisels (Lua scripts; searched in ./chisels, ~/.chisels and sharpdig's own folder,
        or only in the folders of SHARPDIG_CHISEL_PATH when it is set)
          -c NAME [ARGS]         run a chisel; may be given several times
          -cl, --list-chisels    list the chisels by category
          -i NAME                describe a chisel and its arguments

          -h, --help             show this text
              --version          show the version

        """;

    public static void Write(Stream output)
    {
        var b = System.Text.Encoding.UTF8.GetBytes(Text.Replace("\r\n", "\n"));
        output.Write(b, 0, b.Length);
    }
}
