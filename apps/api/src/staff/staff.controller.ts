import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { UserIdParam } from '../common/params';
import { StaffDto } from './dto/staff.dto';
import { StaffMember, StaffService } from './staff.service';

/** The staff directory (the routing table of escalations). */
@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @Roles('admin', 'compliance', 'team_leader')
  list(): Promise<StaffMember[]> {
    return this.staff.list();
  }

  @Put(':userId')
  @Roles('admin')
  @ApiOperation({ summary: 'Add or update a staff member' })
  put(@CurrentUser() u: Principal, @Param() { userId }: UserIdParam, @Body() dto: StaffDto): Promise<StaffMember> {
    return this.staff.put(u, userId, dto);
  }
}
