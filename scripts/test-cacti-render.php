<?php
/* Renders one Cacti graph to a PNG as Cacti's web UI would; for scripts/test-cacti.sh.
 * Usage: php test-cacti-render.php <local_graph_id> <start epoch> > graph.png */
include('/usr/share/cacti/site/include/cli_check.php');
include_once($config['library_path'] . '/rrd.php');

$png = rrdtool_function_graph($argv[1], 0, array('graph_start' => (int) $argv[2], 'graph_end' => time(), 'graph_width' => 500, 'graph_height' => 120));
if (substr($png, 1, 3) !== 'PNG') {
	fwrite(STDERR, "no PNG for graph {$argv[1]}: " . substr($png, 0, 200) . PHP_EOL);
	exit(1);
}
fwrite(STDOUT, $png);
