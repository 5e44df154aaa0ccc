import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CodeParam } from '../common/params';
import { csvBody, DIRECTORY_READERS } from './directory-http';
import { CsvImportResult, DirectoryService, DirectoryView } from './directory.service';
import { CreateAgencyDto, UpdateAgencyDto } from './dto/agency.dto';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly directory: DirectoryService) {}

  @Post()
  @Roles('channel_manager', 'admin')
  @ApiOperation({ summary: 'Register an agency (professional or part-time)' })
  create(@CurrentUser() user: Principal, @Body() dto: CreateAgencyDto): Promise<DirectoryView> {
    return this.directory.create(user, 'agency', dto);
  }

  @Post('import')
  @Roles('channel_manager', 'admin')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('text/csv')
  @ApiOperation({ summary: 'CSV import of agencies; good rows stored, bad rows reported by line' })
  import(@CurrentUser() user: Principal, @Req() req: Request): Promise<CsvImportResult> {
    return this.directory.importCsv(user, 'agency', csvBody(req));
  }

  @Put(':code')
  @Roles('channel_manager', 'admin')
  update(@CurrentUser() user: Principal, @Param() { code }: CodeParam, @Body() dto: UpdateAgencyDto): Promise<DirectoryView> {
    return this.directory.update(user, 'agency', code, dto);
  }

  @Get(':code')
  @Roles(...DIRECTORY_READERS)
  get(@CurrentUser() user: Principal, @Param() { code }: CodeParam): Promise<DirectoryView> {
    return this.directory.get(user, 'agency', code);
  }
}
