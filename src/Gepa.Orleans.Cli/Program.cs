using Gepa.Orleans.Cli;

return await ClusterCommands.RunAsync(args, Console.Out, Console.Error);
