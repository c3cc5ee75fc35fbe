namespace Sharpdig.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("sharpdig: not implemented yet");
        return 1;
    }
}
