# copy-vs-share: time and peak memory against the number of workers, one line per way of giving
# them the data. Loaded after plot/style.gp (see that file for the variables).
# Columns of copy-vs-share.tsv: 1 workers, then per way (copy, fork, shared, threads) nine:
# time in ms, Pss in MB, Rss in MB, each as median, min, max.
file = data_dir.'/copy-vs-share.tsv'
col(way, what) = 2 + 9 * way + 3 * what  # the median's column; min and max follow it
label(way) = way == 0 ? 'copy to processes' : way == 1 ? 'fork (copy-on-write)' : \
             way == 2 ? 'shared mmap' : 'threads'

set multiplot layout 1,2 title "Giving a dataset to N workers: copy it, fork, share a mapping, or use threads" font ',26'
set xlabel "workers"
set xrange [0.7:4.3]
set xtics 1
set bmargin 5
# The cores: beyond this line, workers take turns (drawn where it falls within 1..4 workers).
if (cores <= 4) {
  set arrow 1 from cores, graph 0 to cores, graph 1 nohead dt 2 lw 2 lc rgb '#999999'
  set label 1 sprintf("%d cores", cores) at cores, graph 0.68 offset 0.5, 0 font ',16' textcolor rgb '#777777'
}

set title "Time until every sum is in (median, bars: min-max)"
set ylabel "ms (log scale)"
set logscale y
set format y '%g'
# Room under the fastest line for the legend (a log axis: room is a ratio).
stats file u col(3,0) nooutput
set yrange [STATS_min / 30 : *]
set key bottom right
plot for [w=0:3] file u 1:col(w,0):col(w,0)+1:col(w,0)+2 w yerrorlines lt w+1 title label(w)

unset label 99  # the machine, once is enough
unset logscale y
set title "Peak memory: Pss of parent + workers"
set ylabel "MB"
if (cores <= 4) { set label 1 at cores, graph 0.03 }
stats file u col(0,1) nooutput  # the copies' memory, the highest: room above it for the legend
set yrange [0 : STATS_max * 1.3]
stats file u col(3,1) nooutput  # the threads' memory: the dataset, once
set label 2 "fork, shared mmap, threads: the data once" at 2.5, STATS_max center offset 0, 1.2 font ",20"
set key top left
plot for [w=0:3] file u 1:col(w,1):col(w,1)+1:col(w,1)+2 w yerrorlines lt w+1 notitle, \
     file u 1:col(1,2) w linespoints lt 8 lc rgb "#000000" ps 2.5 title "fork, if counted by Rss"
unset multiplot
