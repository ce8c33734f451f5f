// The daily learning schedules a wall can show (model/labels.ts names them), registered with
// hebcal's DailyLearning one by one: the whole @hebcal/learning package registers nineteen,
// with their tables, and every start would pay to load the ones no synagogue here can choose.
import '@hebcal/learning/arukhHaShulchanYomi';
import '@hebcal/learning/chofetzChaim';
import '@hebcal/learning/dafWeekly';
import '@hebcal/learning/dafYomi';
import '@hebcal/learning/kitzurShulchanAruch';
import '@hebcal/learning/mishnaYomi';
import '@hebcal/learning/nachYomi';
import '@hebcal/learning/perekYomi';
import '@hebcal/learning/psalms';
import '@hebcal/learning/rambam1';
import '@hebcal/learning/rambam3';
import '@hebcal/learning/yerushalmiYomi';
