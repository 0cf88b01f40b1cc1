# spawn-cost: time and memory to start a thread or a process and wait for it, against the
# memory the parent has touched. Loaded after plot/style.gp (see that file for the variables).
time_file = data_dir.'/time.tsv'
memory_file = data_dir.'/memory.tsv'

set multiplot layout 1,2 title "Starting a thread or a process that does nothing, and waiting for it" font ',28'
set logscale xy
set xlabel "memory the parent has touched (MB)"
set xrange [0.7:1500]
set xtics (1, 4, 16, 64, 256, 1024)
set bmargin 5
set key top left

set title "Time per start + wait"
set ylabel "median, bars: min-max (log scale)"
set yrange [5:2e6]
set ytics ("10 µs" 10, "100 µs" 100, "1 ms" 1e3, "10 ms" 1e4, "100 ms" 1e5, "1 s" 1e6)
plot time_file u 1:2:3:4 w yerrorlines lt 1 title 'thread', \
     ''        u 1:5:6:7 w yerrorlines lt 2 title 'fork', \
     ''        u 1:8:9:10 w yerrorlines lt 3 title 'posix\_spawn'

unset label 99  # the machine, once is enough
set title "Memory it alone holds"
set ylabel "written pages + page tables (log scale)"
set yrange [2:2e5]
set ytics ("10 KiB" 10, "100 KiB" 100, "1 MiB" 1024, "10 MiB" 10240, "100 MiB" 102400)
plot memory_file u 1:2:3:4 w yerrorlines lt 1 title 'thread (its stack)', \
     ''          u 1:5:6:7 w yerrorlines lt 2 title 'fork child', \
     ''          u 1:8:9:10 w yerrorlines lt 3 title 'posix\_spawn child'
unset multiplot
