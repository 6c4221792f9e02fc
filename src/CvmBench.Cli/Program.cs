using System.CommandLine;
using CvmBench.Cli;

var root = new RootCommand("CvmBench: measure, model and speed up GPU data transfers on bare metal, VMs and confidential VMs.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}
return CommandRunner.Run(root, args);
