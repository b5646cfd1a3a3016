import { Module } from '@nestjs/common';
import { RecordAsOfHandler } from './record-as-of.query';
import { TimeTravelService } from './time-travel.service';

/** Time travel over the event log; resolvers reach it through the QueryBus (`RecordAsOfQuery`). */
@Module({
  providers: [TimeTravelService, RecordAsOfHandler],
  exports: [TimeTravelService],
})
export class TimeTravelModule {}
