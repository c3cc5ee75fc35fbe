namespace Sharpdig.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--debug-live-dump") return Capture.Live.LiveDebugDump.Run(args);
        Console.Error.WriteLine("sharpdig: not implemented yet");
        return 1;
    }
}
