using Sharpdig.Chisels;

namespace Sharpdig.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            var options = CommandLineParser.Parse(args);
            using var stdout = Console.OpenStandardOutput();
            if (options.ListChisels) { ChiselCommands.List(stdout); return 0; }
            if (options.ChiselInfo is { } name) { ChiselCommands.Describe(name, stdout); return 0; }
        }
        catch (Exception e) when (e is CommandLineException or ChiselException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        Console.Error.WriteLine("sharpdig: not implemented yet");
        return 1;
    }
}
